import { Money } from '../money';
import { ProductView } from './catalog.messages';

/**
 * Request/response patterns of catalog's administration (the gateway's admin API calls them).
 * Edits are optimistic: each names the revision it was made on and fails with
 * PRODUCT_VERSION_CONFLICT (412) when the product has moved on. Stock moves by deltas, which
 * commute, so adjustments need no revision.
 */
export const CatalogAdminPatterns = {
  getProduct: 'catalog.admin.products.get',
  createProduct: 'catalog.admin.products.create',
  updateProduct: 'catalog.admin.products.update',
  adjustStock: 'catalog.admin.products.adjustStock',
} as const;

/** A product as an administrator sees it: the shopper's view and the revision edits are made on. */
export interface AdminProductView extends ProductView {
  /** Grows by one with every edit (name, description, price…); stock movements leave it alone. */
  revision: number;
}

/** The fields an edit may change; categoryId is part of the shard key and stays as created. */
export interface ProductChanges {
  slug?: string;
  name?: string;
  description?: string;
  price?: Money;
  images?: string[];
  attributes?: Record<string, string>;
}

export interface CreateProductRequest extends Required<Omit<ProductChanges, 'images' | 'attributes' | 'description'>> {
  categoryId: string;
  description?: string;
  images?: string[];
  attributes?: Record<string, string>;
  stock?: number;
}

export interface GetAdminProductRequest {
  id: string;
}

export interface UpdateProductRequest {
  id: string;
  /** The revision the edit was made on (the `If-Match` of the HTTP request). */
  expectedRevision: number;
  changes: ProductChanges;
}

export interface AdjustStockRequest {
  id: string;
  /** Units to add (positive) or take (negative); 0 changes nothing. */
  delta: number;
  /** The same key sent again (a client's retry) is applied once, while the product remembers it. */
  idempotencyKey?: string;
}

export interface StockLevelView {
  productId: string;
  stock: number;
}

/** `details` of PRODUCT_VERSION_CONFLICT: the product as it is now, so the editor can merge and retry. */
export interface ProductVersionConflictDetails {
  currentRevision: number;
  current: AdminProductView;
}

/** `details` of INSUFFICIENT_STOCK: what was asked to be taken and what is there. */
export interface InsufficientStockDetails {
  productId: string;
  delta: number;
  available: number;
}
