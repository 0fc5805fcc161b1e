import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { isObjectIdOrHexString, Model, Types } from 'mongoose';
import { CatalogCategory, CatalogProduct, ProductCursor, SearchTerms } from '@bazaar/catalog/domain';
import { ProductSort } from '@bazaar/contracts';
import { StoredProductFields, toCatalogProduct, toProductDocument } from './product.mapper';
import { Product } from './product.schema';
import { keysetAfter, keysetSort, keywordFilter, ProductFilter } from './product-keyset.query';

/** One page of products and whether another follows. */
export interface ProductSlice {
  items: CatalogProduct[];
  hasMore: boolean;
}

export interface PageRequest {
  sort: ProductSort;
  limit: number;
  after?: ProductCursor;
}

/**
 * What a shopper's read maps (toCatalogProduct), and nothing of the bookkeeping a product document
 * also carries (keywords, stock holds, admin adjustments, the outbox), which FerretDB or MongoDB
 * would otherwise encode and the driver decode on every page.
 */
const PRODUCT_FIELDS = { _id: 1, slug: 1, name: 1, description: 1, categoryId: 1, price: 1, images: 1, attributes: 1, stock: 1, createdAt: 1 } satisfies Record<keyof StoredProductFields, 1>;

@Injectable()
export class ProductsRepository {
  constructor(@InjectModel(Product.name) private readonly products: Model<Product>) {}

  /** Targeted at one shard: the filter starts with the shard key's prefix, categoryId. */
  listCategory(categoryId: string, page: PageRequest): Promise<ProductSlice> {
    return this.slice({ categoryId }, page);
  }

  search(terms: SearchTerms, page: PageRequest): Promise<ProductSlice> {
    return this.slice(keywordFilter(terms), page);
  }

  async findById(id: string): Promise<CatalogProduct | null> {
    if (!isObjectIdOrHexString(id)) return null;
    const found = await this.products.findById(id, PRODUCT_FIELDS).lean<StoredProductFields>().exec();
    return found && toCatalogProduct(found);
  }

  async findBySlug(slug: string): Promise<CatalogProduct | null> {
    const found = await this.products.findOne({ slug }, PRODUCT_FIELDS).lean<StoredProductFields>().exec();
    return found && toCatalogProduct(found);
  }

  /**
   * Unknown and malformed ids are simply absent from the result. One lookup per id rather than
   * `$in`: FerretDB answers `$in` by decoding the whole collection (~150 ms for 300 products) and
   * a bare `_id` lookup from its storage; on MongoDB both use the `_id` index.
   */
  async findByIds(ids: string[]): Promise<CatalogProduct[]> {
    const found = await Promise.all([...new Set(ids)].map((id) => this.findById(id)));
    return found.filter((product): product is CatalogProduct => product !== null);
  }

  async countByCategory(): Promise<Map<string, number>> {
    const counts = await this.products.aggregate<{ _id: string; count: number }>([{ $group: { _id: '$categoryId', count: { $sum: 1 } } }]).exec();
    return new Map(counts.map(({ _id, count }) => [_id, count]));
  }

  /**
   * Inserts the products that are not there yet and never touches existing ones, so stock that
   * orders have changed survives a restart. Why not bulk upserts with $setOnInsert: FerretDB
   * (SQLite) pushes down only `_id` filters, and a sharded upsert must filter on the whole shard
   * key {categoryId, _id}, so each upsert scanned the collection (300 took 12 s on an empty one,
   * minutes on a full one). Reading the existing ids and inserting the rest is fast on both.
   * Two instances seeding at once collide on _id (the same shard key, so the same shard, where
   * _id is unique): the loser's duplicates are expected and ignored.
   */
  async insertMissing(products: CatalogProduct[], categories: CatalogCategory[]): Promise<number> {
    const existing = await this.products
      .find({ _id: { $in: products.map((product) => new Types.ObjectId(product.id)) } }, { _id: 1 })
      .lean<Pick<Product, '_id'>[]>()
      .exec();
    const existingIds = new Set(existing.map(({ _id }) => _id.toHexString()));
    const categoriesById = new Map(categories.map((category) => [category.id, category]));
    const missing = products
      .filter((product) => !existingIds.has(product.id))
      .map((product) => toProductDocument(product, categoriesById.get(product.categoryId) ?? { name: product.categoryId }));
    if (missing.length === 0) return 0;
    try {
      return (await this.products.insertMany(missing, { ordered: false, throwOnValidationError: true })).length;
    } catch (error) {
      if (!isOnlyDuplicateKeys(error)) throw error;
      return error.insertedDocs.length;
    }
  }

  private async slice(filter: ProductFilter, { sort, limit, after }: PageRequest): Promise<ProductSlice> {
    const query = after ? { $and: [filter, keysetAfter(after)] } : filter;
    const found = await this.products
      .find(query, PRODUCT_FIELDS)
      .sort(keysetSort(sort))
      .limit(limit + 1)
      .lean<StoredProductFields[]>()
      .exec();
    return { items: found.slice(0, limit).map(toCatalogProduct), hasMore: found.length > limit };
  }
}

interface InsertManyError {
  writeErrors: Array<{ code?: number; err?: { code?: number } }>;
  insertedDocs: unknown[];
}

function isOnlyDuplicateKeys(error: unknown): error is InsertManyError {
  const { writeErrors, insertedDocs } = (error ?? {}) as Partial<InsertManyError>;
  return Array.isArray(writeErrors) && Array.isArray(insertedDocs) && writeErrors.every((writeError) => (writeError.code ?? writeError.err?.code) === 11000);
}
