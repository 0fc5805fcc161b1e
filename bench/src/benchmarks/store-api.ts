import { randomUUID } from 'node:crypto';
import type { CategoryView, Page, ProductView } from '@bazaar/contracts';

/** What the benchmarks read through the gateway's public API to choose their requests. */
export async function getJson<T>(url: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

export function listCategories(gatewayUrl: string): Promise<CategoryView[]> {
  return getJson<CategoryView[]>(`${gatewayUrl}/api/categories`);
}

/** Every product with at least `minStock` units, most stocked first. */
export async function productsInStock(gatewayUrl: string, minStock: number): Promise<ProductView[]> {
  const found: ProductView[] = [];
  for (const { id } of await listCategories(gatewayUrl)) {
    const page = await getJson<Page<ProductView>>(`${gatewayUrl}/api/products?category=${id}&limit=100`);
    found.push(...page.items.filter((product) => product.stock >= minStock));
  }
  if (found.length === 0) throw new Error(`no product has ${minStock} units in stock`);
  return found.sort((a, b) => b.stock - a.stock);
}

/** A fresh anonymous shopper: the gateway accepts any well-formed cart id it could have issued. */
export function newCartCookie(): string {
  return `bazaar_cart=${randomUUID()}`;
}

/** Cycles through the given product ids, one add-to-cart body per call. */
export function addToCartBodies(productIds: readonly string[]): () => string {
  let next = 0;
  return () => JSON.stringify({ productId: productIds[next++ % productIds.length], quantity: 1 });
}
