import { Money } from '../money';

/** Request/response patterns the catalog service answers on its microservice transport. */
export const CatalogPatterns = {
  listCategories: 'catalog.categories.list',
  listProducts: 'catalog.products.list',
  searchProducts: 'catalog.products.search',
  getProduct: 'catalog.products.get',
  getProductBySlug: 'catalog.products.getBySlug',
  /** Price and availability for many products at once (cart and order use it). */
  getProductSnapshots: 'catalog.products.snapshots',
} as const;

export const PRODUCT_SORTS = ['newest', 'price_asc', 'price_desc', 'name'] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];

export const MAX_PAGE_SIZE = 100;

export interface CategoryView {
  id: string;
  name: string;
  description: string;
  productCount: number;
}

export interface ProductView {
  id: string;
  slug: string;
  name: string;
  description: string;
  categoryId: string;
  price: Money;
  images: string[];
  attributes: Record<string, string>;
  stock: number;
  inStock: boolean;
  createdAt: string;
}

/** Keyset pagination: pass `nextCursor` back as `cursor` for the next page; null means the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface ListProductsRequest {
  categoryId: string;
  sort: ProductSort;
  limit: number;
  cursor?: string;
}

export interface SearchProductsRequest {
  query: string;
  limit: number;
  cursor?: string;
}

export interface GetProductRequest {
  id: string;
}

export interface GetProductBySlugRequest {
  slug: string;
}

export interface GetProductSnapshotsRequest {
  ids: string[];
}

export interface ProductSnapshot {
  id: string;
  slug: string;
  name: string;
  image: string | null;
  price: Money;
  stock: number;
}

/** Snapshots of the products that exist; unknown ids are simply absent. */
export interface ProductSnapshots {
  items: ProductSnapshot[];
}
