import { Types } from 'mongoose';
import { ProductCursor, SORT_ORDERS, SortKey, SearchTerms } from '@bazaar/catalog/domain';
import { ProductSort } from '@bazaar/contracts';

export type ProductFilter = Record<string, unknown>;

const SORT_PATHS: Record<SortKey, string> = { createdAt: 'createdAt', price: 'price.amount', name: 'sortName' };

/** The sort field, then _id in the same direction: a total order that one compound index serves. */
export function keysetSort(sort: ProductSort): Record<string, 1 | -1> {
  const { key, direction } = SORT_ORDERS[sort];
  return { [SORT_PATHS[key]]: direction, _id: direction };
}

/** Everything strictly after the cursor in keysetSort order. */
export function keysetAfter(cursor: ProductCursor): ProductFilter {
  const { key, direction } = SORT_ORDERS[cursor.sort];
  const path = SORT_PATHS[key];
  const value = key === 'createdAt' ? new Date(cursor.value) : cursor.value;
  const beyond = direction === 1 ? '$gt' : '$lt';
  return { $or: [{ [path]: { [beyond]: value } }, { [path]: value, _id: { [beyond]: new Types.ObjectId(cursor.id) } }] };
}

/**
 * Every word must be a keyword, and some keyword must start with the last word. Both are
 * conditions on the multikey `keywords` index: equality, and a ^-anchored regex (a range scan).
 */
export function keywordFilter({ words, prefix }: SearchTerms): ProductFilter {
  const startsWith = { keywords: { $regex: `^${escapeRegex(prefix)}` } };
  return words.length === 0 ? startsWith : { $and: [{ keywords: { $all: words } }, startsWith] };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
