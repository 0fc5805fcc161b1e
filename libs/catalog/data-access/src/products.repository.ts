import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { isValidObjectId, Model } from 'mongoose';
import { Product } from './product.schema';

export type NewProduct = Pick<Product, 'categoryId' | 'slug' | 'name' | 'price' | 'stock'>;

@Injectable()
export class ProductsRepository {
  constructor(@InjectModel(Product.name) private readonly products: Model<Product>) {}

  async create(product: NewProduct): Promise<Product> {
    return (await this.products.create(product)).toObject();
  }

  async findById(id: string): Promise<Product | null> {
    if (!isValidObjectId(id)) return null;
    return this.products.findById(id).lean<Product>().exec();
  }
}
