import { CatalogCategory, CatalogProduct } from './catalog-product.model';

const MIN_TOKEN_LENGTH = 2;

/** Lowercase and without accents, so "Crème" is stored and searched as "creme". */
export function foldText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
}

/** The distinct word tokens of a text, in order of first appearance. */
export function tokenize(text: string): string[] {
  const words = foldText(text).split(/[^\p{L}\p{N}]+/u).filter((word) => word.length >= MIN_TOKEN_LENGTH);
  return [...new Set(words)];
}

/** What a product is found by: words of its name, description, category and attribute values. */
export function productKeywords(product: Pick<CatalogProduct, 'name' | 'description' | 'attributes'>, category: Pick<CatalogCategory, 'name'>): string[] {
  return tokenize([product.name, product.description, category.name, ...Object.values(product.attributes)].join(' '));
}

/**
 * Sorting by name without a collation (FerretDB has none) compares bytes, which puts "Zebra"
 * before "apple" and "Émile" after "zoo"; sorting by this key gives the order a shopper expects.
 */
export function nameSortKey(name: string): string {
  return foldText(name).replace(/\s+/g, ' ').trim();
}
