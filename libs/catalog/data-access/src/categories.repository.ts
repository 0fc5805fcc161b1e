import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { CatalogCategory } from '@bazaar/catalog/domain';
import { Category } from './category.schema';

const toCatalogCategory = ({ _id, name, description }: Category): CatalogCategory => ({ id: _id, name, description });

@Injectable()
export class CategoriesRepository {
  constructor(@InjectModel(Category.name) private readonly categories: Model<Category>) {}

  async findAll(): Promise<CatalogCategory[]> {
    const found = await this.categories.find().sort({ name: 1 }).lean<Category[]>().exec();
    return found.map(toCatalogCategory);
  }

  async findById(id: string): Promise<CatalogCategory | null> {
    const found = await this.categories.findById(id).lean<Category>().exec();
    return found && toCatalogCategory(found);
  }

  async exists(id: string): Promise<boolean> {
    return (await this.categories.exists({ _id: id })) !== null;
  }

  /** Inserts the missing categories; existing ones keep whatever was edited since. */
  async insertMissing(categories: CatalogCategory[]): Promise<number> {
    if (categories.length === 0) return 0;
    const result = await this.categories.bulkWrite(
      categories.map(({ id, name, description }) => ({ updateOne: { filter: { _id: id }, update: { $setOnInsert: { name, description } }, upsert: true } })),
      { ordered: false },
    );
    return result.upsertedCount;
  }
}
