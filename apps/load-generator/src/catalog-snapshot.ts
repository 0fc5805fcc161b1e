import { GatewayClient } from './gateway-client';

export interface KnownProduct {
  id: string;
  slug: string;
  name: string;
  stock: number;
}

/** What shoppers pick from: categories, products and words that search finds. Refreshed now and then, as stock runs down. */
export interface CatalogSnapshot {
  categories: string[];
  products: KnownProduct[];
  searchWords: string[];
}

/** Reads the catalog through the gateway (not counted in the statistics). */
export async function readCatalog(gatewayUrl: string): Promise<CatalogSnapshot> {
  const client = new GatewayClient(gatewayUrl);
  const categories = await client.send('GET', '/api/categories');
  if (categories.status !== 200) throw new Error(`GET /api/categories answered ${categories.status || categories.problem}`);
  const ids = (categories.body as { id: string }[]).map((category) => category.id);
  const products: KnownProduct[] = [];
  for (const id of ids) {
    const page = await client.send('GET', `/api/products?category=${id}&limit=100`);
    if (page.status !== 200) throw new Error(`GET /api/products?category=${id} answered ${page.status || page.problem}`);
    products.push(...(page.body.items as KnownProduct[]).map(({ id, slug, name, stock }) => ({ id, slug, name, stock })));
  }
  if (products.length === 0) throw new Error('the catalog has no products');
  return { categories: ids, products, searchWords: searchWordsOf(products) };
}

/** Words from product names that search will match: shoppers type real words, not random strings. */
export function searchWordsOf(products: { name: string }[]): string[] {
  const words = products.flatMap((product) => product.name.toLowerCase().split(/[^\p{L}\p{N}]+/u)).filter((word) => word.length >= 4);
  return [...new Set(words)].sort();
}
