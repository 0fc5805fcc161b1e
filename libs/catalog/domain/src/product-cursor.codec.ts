import { PRODUCT_SORTS, ProductSort } from '@bazaar/contracts';
import { CatalogProduct } from './catalog-product.model';
import { SORT_ORDERS, SortValue, sortValueOf } from './product-sort.policy';

/** Where the previous page ended: the last item's sort value and id, for the sort it was made for. */
export interface ProductCursor {
  sort: ProductSort;
  value: SortValue;
  id: string;
}

export class InvalidCursorError extends Error {
  constructor(reason: string) {
    super(`Invalid cursor: ${reason}`);
    this.name = 'InvalidCursorError';
  }
}

const PRODUCT_ID = /^[0-9a-f]{24}$/;
const MAX_CURSOR_LENGTH = 1024;

export function cursorAfter(product: CatalogProduct, sort: ProductSort): ProductCursor {
  return { sort, value: sortValueOf(product, sort), id: product.id };
}

/** Opaque to clients: base64url of a compact JSON tuple [sort, value, id]. */
export function encodeCursor(cursor: ProductCursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, cursor.value, cursor.id]), 'utf8').toString('base64url');
}

/** Rejects anything this service did not make, and a cursor made for another sort than `sort`. */
export function decodeCursor(encoded: string, sort: ProductSort): ProductCursor {
  if (encoded.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(encoded)) throw new InvalidCursorError('not base64url');
  let tuple: unknown;
  try {
    tuple = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('not a cursor');
  }
  if (!Array.isArray(tuple) || tuple.length !== 3) throw new InvalidCursorError('not a cursor');
  const [cursorSort, value, id] = tuple as unknown[];
  if (!PRODUCT_SORTS.includes(cursorSort as ProductSort)) throw new InvalidCursorError('unknown sort');
  if (cursorSort !== sort) throw new InvalidCursorError(`made for sort "${String(cursorSort)}", not "${sort}"`);
  if (typeof id !== 'string' || !PRODUCT_ID.test(id)) throw new InvalidCursorError('bad id');
  if (!isValidSortValue(sort, value)) throw new InvalidCursorError('bad sort value');
  return { sort, value, id };
}

function isValidSortValue(sort: ProductSort, value: unknown): value is SortValue {
  switch (SORT_ORDERS[sort].key) {
    case 'createdAt':
    case 'price':
      return typeof value === 'number' && Number.isSafeInteger(value);
    case 'name':
      return typeof value === 'string';
  }
}
