import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { CatalogSharding } from './catalog-sharding';
import { CategoriesRepository } from './categories.repository';
import { Category, CategorySchema } from './category.schema';
import { Product, ProductSchema } from './product.schema';
import { ProductsRepository } from './products.repository';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Product.name, schema: ProductSchema },
      { name: Category.name, schema: CategorySchema },
    ]),
  ],
  providers: [ProductsRepository, CategoriesRepository, CatalogSharding],
  exports: [ProductsRepository, CategoriesRepository, CatalogSharding],
})
export class CatalogDataAccessModule {}
