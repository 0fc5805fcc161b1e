import type { Money, ProductChanges } from '@bazaar/contracts';
import { CatalogProduct } from './catalog-product.model';

/** A product with the revision optimistic edits are checked against. */
export interface RevisedProduct extends CatalogProduct {
  revision: number;
}

/** Products stored before revisions existed are at their first one. */
export const FIRST_REVISION = 1;

export interface PriceChange {
  oldPrice: Money;
  newPrice: Money;
}

/** What an edit really changes: only the fields that differ, and the price move when there is one. */
export interface ProductEdit {
  changed: ProductChanges;
  /** The product as it will be after the edit (the stock it had when read). */
  next: CatalogProduct;
  priceChange: PriceChange | null;
}

const sameMoney = (a: Money, b: Money) => a.amount === b.amount && a.currency === b.currency;

const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

/** Attributes compare as a set of pairs: their order in an object says nothing. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, canonical(v)]));
  return value;
}

/**
 * Compares the requested changes with the product as it is; an edit that changes nothing is
 * empty (`changed` has no key), and the caller can answer without writing a new revision.
 */
export function planProductEdit(current: CatalogProduct, requested: ProductChanges): ProductEdit {
  const changed: ProductChanges = {};
  for (const field of ['slug', 'name', 'description', 'images', 'attributes'] as const) {
    const value = requested[field];
    if (value !== undefined && !sameValue(value, current[field])) Object.assign(changed, { [field]: value });
  }
  const priceChange = requested.price && !sameMoney(requested.price, current.price) ? { oldPrice: current.price, newPrice: requested.price } : null;
  if (priceChange) changed.price = priceChange.newPrice;
  return { changed, next: { ...current, ...changed }, priceChange };
}

export const isEmptyEdit = (edit: ProductEdit) => Object.keys(edit.changed).length === 0;
