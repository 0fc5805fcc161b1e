import type { CartView, CategoryView, CheckoutReply, Customer, OrderList, OrderView, Page, ProductSort, ProductView } from '@bazaar/contracts';
import { apiRequest, type RequestOptions } from './http';

export interface StorefrontConfig {
  jaegerUrl: string | null;
}

/** How a call is made: cancelled with `signal`; `recordTrace: false` for background requests. */
export type Call = Pick<RequestOptions, 'signal' | 'recordTrace'>;

function query(params: Record<string, string | number | undefined>): string {
  const defined = Object.entries(params).filter((entry): entry is [string, string | number] => entry[1] !== undefined);
  return new URLSearchParams(defined.map(([key, value]) => [key, String(value)])).toString();
}

/** The gateway's REST API, as the store uses it. */
export const storeApi = {
  config: () => apiRequest<StorefrontConfig>('/config', { recordTrace: false }),
  categories: (call?: Call) => apiRequest<CategoryView[]>('/categories', call),
  products: (category: string, sort: ProductSort, limit: number, cursor?: string, call?: Call) =>
    apiRequest<Page<ProductView>>(`/products?${query({ category, sort, limit, cursor })}`, call),
  search: (q: string, limit: number, cursor?: string, call?: Call) => apiRequest<Page<ProductView>>(`/search?${query({ q, limit, cursor })}`, call),
  productBySlug: (slug: string, call?: Call) => apiRequest<ProductView>(`/products/by-slug/${encodeURIComponent(slug)}`, call),

  cart: (call?: Call) => apiRequest<CartView>('/cart', call),
  addToCart: (productId: string, quantity: number) =>
    apiRequest<CartView>('/cart/items', {
      method: 'POST',
      body: { productId, quantity },
    }),
  setQuantity: (productId: string, quantity: number) =>
    apiRequest<CartView>(`/cart/items/${productId}`, {
      method: 'PATCH',
      body: { quantity },
    }),
  removeFromCart: (productId: string) => apiRequest<CartView>(`/cart/items/${productId}`, { method: 'DELETE' }),
  acceptPrices: () => apiRequest<CartView>('/cart/accept-prices', { method: 'POST' }),

  checkout: (customer: Customer, payment: { card: { number: string; expiry: string; cvc: string } }, idempotencyKey: string) =>
    apiRequest<CheckoutReply>('/checkout', {
      method: 'POST',
      body: { customer, payment },
      headers: { 'idempotency-key': idempotencyKey },
    }),
  orders: (call?: Call) => apiRequest<OrderList>('/orders', call),
  order: (id: string, call?: Call) => apiRequest<OrderView>(`/orders/${encodeURIComponent(id)}`, call),
};
