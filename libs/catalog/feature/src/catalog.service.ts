import { Injectable } from '@nestjs/common';
import { cacheEntries, CatalogCache, CategoriesRepository, ProductSlice, ProductsRepository } from '@bazaar/catalog/data-access';
import {
  cursorAfter,
  decodeCursor,
  encodeCursor,
  InvalidCursorError,
  parseSearchTerms,
  ProductCursor,
  SEARCH_SORT,
  toProductSnapshot,
  toProductView,
} from '@bazaar/catalog/domain';
import {
  CategoryView,
  GetProductSnapshotsRequest,
  ListProductsRequest,
  Page,
  ProductSnapshots,
  ProductSort,
  ProductView,
  SearchProductsRequest,
} from '@bazaar/contracts';
import { ServiceError } from '@bazaar/shared/rpc';

@Injectable()
export class CatalogService {
  constructor(
    private readonly products: ProductsRepository,
    private readonly categories: CategoriesRepository,
    private readonly cache: CatalogCache,
  ) {}

  listCategories(): Promise<CategoryView[]> {
    return this.cache.read(cacheEntries.categories(), async () => {
      const [categories, counts] = await Promise.all([this.categories.findAll(), this.products.countByCategory()]);
      return categories.map((category) => ({ ...category, productCount: counts.get(category.id) ?? 0 }));
    });
  }

  listProducts({ categoryId, sort, limit, cursor }: ListProductsRequest): Promise<Page<ProductView>> {
    const after = cursorFor(cursor, sort);
    return this.cache.read(cacheEntries.categoryPage(categoryId, `${sort}:${limit}:${cursor ?? ''}`), async () => {
      const [exists, slice] = await Promise.all([this.categories.exists(categoryId), this.products.listCategory(categoryId, { sort, limit, after })]);
      if (!exists) throw ServiceError.notFound('CATEGORY_NOT_FOUND', `No category ${categoryId}`);
      return toPage(slice, sort);
    });
  }

  async searchProducts({ query, limit, cursor }: SearchProductsRequest): Promise<Page<ProductView>> {
    const terms = parseSearchTerms(query);
    if (!terms) throw ServiceError.badRequest('query: has no words to search for');
    const slice = await this.products.search(terms, { sort: SEARCH_SORT, limit, after: cursorFor(cursor, SEARCH_SORT) });
    return toPage(slice, SEARCH_SORT);
  }

  getProduct(id: string): Promise<ProductView> {
    return this.cache.read(cacheEntries.product(id), async () => {
      const product = await this.products.findById(id);
      if (!product) throw ServiceError.notFound('PRODUCT_NOT_FOUND', `No product ${id}`);
      return toProductView(product);
    });
  }

  /**
   * The slug is resolved to the product's id (cached with the listings), then read like getProduct,
   * so a stock move, which knows ids and not slugs, reaches this page too.
   */
  async getProductBySlug(slug: string): Promise<ProductView> {
    const id = await this.cache.read(cacheEntries.slug(slug), async () => {
      const product = await this.products.findBySlug(slug);
      if (!product) throw ServiceError.notFound('PRODUCT_NOT_FOUND', `No product with slug ${slug}`);
      return product.id;
    });
    return this.getProduct(id);
  }

  async getProductSnapshots({ ids }: GetProductSnapshotsRequest): Promise<ProductSnapshots> {
    return { items: (await this.products.findByIds(ids)).map(toProductSnapshot) };
  }
}

function cursorFor(cursor: string | undefined, sort: ProductSort): ProductCursor | undefined {
  if (cursor === undefined) return undefined;
  try {
    return decodeCursor(cursor, sort);
  } catch (error) {
    if (error instanceof InvalidCursorError) throw ServiceError.badRequest(error.message, 'INVALID_CURSOR');
    throw error;
  }
}

function toPage({ items, hasMore }: ProductSlice, sort: ProductSort): Page<ProductView> {
  const last = items.at(-1);
  return { items: items.map(toProductView), nextCursor: hasMore && last ? encodeCursor(cursorAfter(last, sort)) : null };
}
