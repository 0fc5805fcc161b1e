import { randomUUID } from 'node:crypto';
import { requireServer } from '@bazaar/shared/testing';
import { getJson, RunningService, startAllServices, stopAllServices, waitFor } from './support/services';

const customer = {
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  address: { line1: '12 Market Street', city: 'Lyon', postalCode: '69002', country: 'FR' },
};

interface Product {
  id: string;
  name: string;
  stock: number;
  price: { amount: number; currency: string };
}

// The asynchronous half: checkout through the gateway, then the saga over Kafka to a final state.
describe('checkout saga (all services, real Kafka, MongoDB wire protocol and Redis)', () => {
  let running: Record<string, RunningService>;
  let api: string;

  beforeAll(async () => {
    await Promise.all([requireServer('mongodb'), requireServer('kafka'), requireServer('redis')]);
    running = await startAllServices();
    api = `${running.gateway.url}/api`;
  }, 90000);
  afterAll(() => stopAllServices(running));

  /** A shopper: remembers the cart cookie the gateway issues. */
  function shopper() {
    let cookie = '';
    return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
      const response = await getJson(`${api}${path}`, {
        method,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(cookie ? { cookie } : {}), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      cookie = response.headers.get('set-cookie')?.split(';')[0] ?? cookie;
      return response;
    };
  }

  async function products(filter: (p: Product) => boolean, count: number): Promise<Product[]> {
    const categories = (await getJson(`${api}/categories`)).body as { id: string }[];
    const found: Product[] = [];
    for (const { id } of categories) {
      const page = await getJson(`${api}/products?category=${id}&limit=100`);
      found.push(...(page.body.items as Product[]).filter(filter));
      if (found.length >= count) return found.slice(0, count);
    }
    throw new Error(`fewer than ${count} products match`);
  }

  async function finalStatus(as: ReturnType<typeof shopper>, orderId: string) {
    let order: { status: string; cancelReason: string | null } = { status: 'PENDING', cancelReason: null };
    await waitFor(`order ${orderId} to leave PENDING`, 30000, async () => {
      order = (await as('GET', `/orders/${orderId}`)).body;
      return order.status !== 'PENDING';
    });
    return order;
  }

  it('places an order that becomes CONFIRMED, takes the stock and empties the cart', async () => {
    const as = shopper();
    const [first, second] = await products((p) => p.stock >= 5, 2);
    await as('POST', '/cart/items', { productId: first.id, quantity: 2 });
    await as('POST', '/cart/items', { productId: second.id, quantity: 1 });

    expect(await as('POST', '/checkout', { customer })).toMatchObject({ status: 400, body: { message: expect.stringContaining('Idempotency-Key') } });

    const key = randomUUID();
    const placed = await as('POST', '/checkout', { customer }, { 'idempotency-key': key });
    expect(placed).toMatchObject({ status: 202, body: { orderId: expect.any(String), status: 'PENDING' } });
    const retried = await as('POST', '/checkout', { customer }, { 'idempotency-key': key });
    expect(retried.body.orderId).toBe(placed.body.orderId);

    expect(await finalStatus(as, placed.body.orderId)).toMatchObject({ status: 'CONFIRMED', cancelReason: null });
    expect((await getJson(`${api}/products/${first.id}`)).body.stock).toBe(first.stock - 2);
    expect((await getJson(`${api}/products/${second.id}`)).body.stock).toBe(second.stock - 1);
    await waitFor('the cart to be emptied', 15000, async () => (await as('GET', '/cart')).body.lines.length === 0);

    const mine = await as('GET', '/orders');
    expect(mine.body.items.map((o: { id: string }) => o.id)).toContain(placed.body.orderId);
    expect((await shopper()('GET', `/orders/${placed.body.orderId}`)).status).toBe(404);
  }, 90000);

  it('cancels the order that finds the last units gone, saying which product', async () => {
    const [scarce] = await products((p) => p.stock >= 1 && p.stock <= 10, 1);
    const [a, b] = [shopper(), shopper()];
    await a('POST', '/cart/items', { productId: scarce.id, quantity: scarce.stock });
    await b('POST', '/cart/items', { productId: scarce.id, quantity: scarce.stock });

    const [orderA, orderB] = await Promise.all([
      a('POST', '/checkout', { customer }, { 'idempotency-key': randomUUID() }),
      b('POST', '/checkout', { customer }, { 'idempotency-key': randomUUID() }),
    ]);
    const outcomes = await Promise.all([finalStatus(a, orderA.body.orderId), finalStatus(b, orderB.body.orderId)]);

    expect(outcomes.map((o) => o.status).sort()).toEqual(['CANCELLED', 'CONFIRMED']);
    expect(outcomes.find((o) => o.status === 'CANCELLED')?.cancelReason).toContain(`Not enough stock for ${scarce.name}`);
    expect((await getJson(`${api}/products/${scarce.id}`)).body.stock).toBe(0);
  }, 90000);

  it('refuses to check out an empty cart', async () => {
    const as = shopper();
    expect(await as('POST', '/checkout', { customer }, { 'idempotency-key': randomUUID() })).toMatchObject({ status: 422, body: { code: 'CART_EMPTY' } });
  });

  it('rejects a checkout with an invalid address, naming the field', async () => {
    const as = shopper();
    const bad = { customer: { ...customer, address: { ...customer.address, country: 'France' } } };
    expect(await as('POST', '/checkout', bad, { 'idempotency-key': randomUUID() })).toMatchObject({
      status: 400,
      body: { message: expect.stringContaining('address.country must be a two-letter country code') },
    });
  });
});
