import { randomUUID } from 'node:crypto';
import type { CategoryView, Page, ProductView } from '@bazaar/contracts';

const SETUP_READ_ATTEMPTS = 5;

/**
 * What the benchmarks read through the gateway's public API to choose their requests. A GET that
 * answers 503/504 (a dependency still busy with the previous benchmark's load) is asked again, at
 * most SETUP_READ_ATTEMPTS times with backoff: a setup read is not a measurement.
 */
export async function getJson<T>(url: string, init: RequestInit = {}, { backoffMs = 500 } = {}): Promise<T> {
  const method = init.method ?? 'GET';
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
    const text = await response.text();
    if (response.ok) return JSON.parse(text) as T;
    if (method !== 'GET' || ![503, 504].includes(response.status) || attempt === SETUP_READ_ATTEMPTS) {
      throw new Error(`${method} ${url} answered ${response.status}: ${text.slice(0, 300)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, backoffMs * 2 ** attempt));
  }
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

/**
 * A cart cookie the gateway did not sign: it answers with a fresh cart (and a signed cookie for it)
 * on every request, which is what the add-to-cart and memory loads want, one new shopper each.
 */
export function newCartCookie(): string {
  return `bazaar_cart=${randomUUID()}`;
}

/** A new shopper puts one product in a cart: answers the signed cart cookie the gateway issued. */
export async function addToNewCart(apiUrl: string, productId: string): Promise<string> {
  const response = await fetch(`${apiUrl}/cart/items`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ productId, quantity: 1 }), signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`POST ${apiUrl}/cart/items answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  if (!cookie) throw new Error('the gateway set no cart cookie');
  return cookie;
}

/** Cycles through the given product ids, one add-to-cart body per call. */
export function addToCartBodies(productIds: readonly string[]): () => string {
  let next = 0;
  return () => JSON.stringify({ productId: productIds[next++ % productIds.length], quantity: 1 });
}
