import { requireServer } from '@bazaar/shared/testing';
import { getJson, RunningService, serviceEnv, startAllServices, startService, stopAllServices, waitFor } from './support/services';

// The shopper's synchronous path through the gateway over HTTP: browse, search, product, cart.
describe('gateway REST API (all services, real servers)', () => {
  let running: Record<string, RunningService>;
  let api: string;

  beforeAll(async () => {
    await Promise.all([requireServer('mongodb'), requireServer('kafka'), requireServer('redis')]);
    running = await startAllServices();
    // The store as shoppers reach it: HAProxy in front of the two gateway replicas.
    api = `${running.haproxy.url}/api`;
  }, 90000);
  afterAll(() => stopAllServices(running));

  const send = (method: string, path: string, body?: unknown, cookie?: string) =>
    getJson(`${api}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(cookie ? { cookie } : {}) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });

  async function aCategoryWithProducts() {
    const { status, body } = await send('GET', '/categories');
    expect(status).toBe(200);
    expect(body.length).toBeGreaterThanOrEqual(5);
    return body.find((category: { productCount: number }) => category.productCount > 10);
  }

  it('pages through a category without gaps or repeats', async () => {
    const category = await aCategoryWithProducts();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await send('GET', `/products?category=${category.id}&sort=price_asc&limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((p: { id: string }) => p.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(category.productCount);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('lists → product → add to cart → view cart', async () => {
    const category = await aCategoryWithProducts();
    const list = await send('GET', `/products?category=${category.id}&limit=5`);
    const listed = list.body.items.find((p: { stock: number }) => p.stock >= 3);
    const product = await send('GET', `/products/${listed.id}`);
    expect(product).toMatchObject({ status: 200, body: { id: listed.id, slug: listed.slug, price: listed.price } });
    expect((await send('GET', `/products/by-slug/${listed.slug}`)).body.id).toBe(listed.id);

    const added = await send('POST', '/cart/items', { productId: listed.id, quantity: 2 });
    expect(added.status).toBe(201);
    const cookie = added.headers.get('set-cookie')?.split(';')[0] ?? '';
    // The cart id and its HMAC: the id alone (as a trace once showed it) opens no cart.
    expect(cookie).toMatch(/^bazaar_cart=[0-9a-f-]{36}\.[A-Za-z0-9%_-]+$/);
    expect(added.body).not.toHaveProperty('cartId');

    await send('PATCH', `/cart/items/${listed.id}`, { quantity: 3 }, cookie);
    const cart = await send('GET', '/cart', undefined, cookie);
    expect(cart.status).toBe(200);
    expect(cart.body.lines).toEqual([expect.objectContaining({ productId: listed.id, quantity: 3 })]);
    expect(cart.body.subtotal).toEqual({ amount: listed.price.amount * 3, currency: listed.price.currency });

    expect((await send('DELETE', `/cart/items/${listed.id}`, undefined, cookie)).body.lines).toEqual([]);
  });

  it('finds products by a word of their name', async () => {
    const category = await aCategoryWithProducts();
    const [first] = (await send('GET', `/products?category=${category.id}&limit=1`)).body.items;
    const word = first.name.split(/\s+/).find((w: string) => w.length > 3) ?? first.name;
    const found = await send('GET', `/search?q=${encodeURIComponent(word)}&limit=100`);
    expect(found.status).toBe(200);
    expect(found.body.items.map((p: { id: string }) => p.id)).toContain(first.id);
  });

  it('answers 404 with a code for an unknown product, 400 for a malformed id', async () => {
    expect(await send('GET', '/products/0123456789abcdef01234567')).toMatchObject({ status: 404, body: { code: 'PRODUCT_NOT_FOUND' } });
    const malformed = await send('GET', '/products/not-an-id');
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toContain('id must be a 24-character hexadecimal product id');
  });

  it('rejects bad input with 4xx and a message', async () => {
    const negative = await send('POST', '/cart/items', { productId: '0123456789abcdef01234567', quantity: -1 });
    expect(negative).toMatchObject({ status: 400, body: { message: expect.stringContaining('quantity must be at least 1') } });

    const injection = await send('POST', '/cart/items', { productId: { $gt: '' }, quantity: 1 });
    expect(injection).toMatchObject({ status: 400, body: { message: expect.stringContaining('productId') } });
    const injectionInQuery = await send('GET', `/products?category=${(await aCategoryWithProducts()).id}&sort[$ne]=x`);
    expect(injectionInQuery).toMatchObject({ status: 400, body: { message: expect.stringContaining('property sort[$ne] should not exist') } });

    const unknownField = await send('POST', '/cart/items', { productId: '0123456789abcdef01234567', quantity: 1, price: 1 });
    expect(unknownField).toMatchObject({ status: 400, body: { message: expect.stringContaining('price should not exist') } });

    const oversized = await send('POST', '/cart/items', { productId: 'x'.repeat(200_000), quantity: 1 });
    expect(oversized.status).toBe(413);

    expect((await send('POST', '/cart/items', '{"productId":')).status).toBe(400);
  });

  it('accepts a product id in upper case, as catalog does', async () => {
    const category = await aCategoryWithProducts();
    const [product] = (await send('GET', `/products?category=${category.id}&limit=1`)).body.items.filter((p: { stock: number }) => p.stock > 0);
    const added = await send('POST', '/cart/items', { productId: product.id.toUpperCase(), quantity: 1 });
    expect(added.status).toBe(201);
    expect(added.body.lines[0].productId).toBe(product.id);
  });

  it('answers with security headers, a request id, API docs and product images', async () => {
    const { headers } = await send('GET', '/categories');
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('x-request-id')).toBeTruthy();

    const openapi = await getJson(`${running.haproxy.url}/docs/openapi.json`);
    expect(Object.keys(openapi.body.paths)).toEqual(expect.arrayContaining(['/api/products', '/api/cart', '/api/cart/items', '/api/cart/accept-prices']));
    expect((await fetch(`${running.haproxy.url}/docs`)).status).toBe(200);

    const category = await aCategoryWithProducts();
    const [product] = (await send('GET', `/products?category=${category.id}&limit=1`)).body.items;
    const image = await fetch(`${running.haproxy.url}${product.images[0]}`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toContain('image/svg+xml');
  });

  it('answers 503 naming catalog while it is down, and recovers without a restart', async () => {
    // A replica asked directly: every replica's readiness needs catalog, so while catalog is down
    // HAProxy takes both out and the store answers its own 503 (deploy/README.md, "Load balancing").
    const categories = () => getJson(`${running.gateway.url}/api/categories`);
    await running.catalog.stop();
    const down = await categories();
    // The message names the service and nothing internal (no host or port).
    expect(down).toMatchObject({ status: 503, body: { code: 'DEPENDENCY_UNAVAILABLE', message: 'catalog is unavailable' } });
    running.catalog = await startService('catalog', serviceEnv().catalog);
    await waitFor('gateway to reach catalog again', 15000, async () => (await categories()).status === 200);
    await waitFor('the store to serve again', 15000, async () => (await send('GET', '/categories')).status === 200);
  }, 60000);
});
