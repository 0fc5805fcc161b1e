import { ProductSort } from '@bazaar/contracts';
import { CatalogProduct } from './catalog-product.model';
import { nameSortKey } from './keywords.tokenizer';

export type SortKey = 'createdAt' | 'price' | 'name';
export type SortDirection = 1 | -1;

/** The sort field and its direction; ties are broken by id in the same direction, so the order is total. */
export interface SortOrder {
  key: SortKey;
  direction: SortDirection;
}

export const SORT_ORDERS: Record<ProductSort, SortOrder> = {
  newest: { key: 'createdAt', direction: -1 },
  price_asc: { key: 'price', direction: 1 },
  price_desc: { key: 'price', direction: -1 },
  name: { key: 'name', direction: 1 },
};

/** Search results are ordered by name: without $text there is no relevance score to sort by. */
export const SEARCH_SORT: ProductSort = 'name';

export type SortValue = number | string;

/** The value a product is ordered by: epoch ms, minor units, or the folded name. */
export function sortValueOf(product: CatalogProduct, sort: ProductSort): SortValue {
  switch (SORT_ORDERS[sort].key) {
    case 'createdAt':
      return product.createdAt.getTime();
    case 'price':
      return product.price.amount;
    case 'name':
      return nameSortKey(product.name);
  }
}

/** Compares as the store orders: by the sort value, then by id (hex ids compare like ObjectIds). */
export function compareProducts(sort: ProductSort): (a: CatalogProduct, b: CatalogProduct) => number {
  const { direction } = SORT_ORDERS[sort];
  const compare = (x: SortValue, y: SortValue) => (x < y ? -1 : x > y ? 1 : 0);
  return (a, b) => direction * (compare(sortValueOf(a, sort), sortValueOf(b, sort)) || compare(a.id, b.id));
}
