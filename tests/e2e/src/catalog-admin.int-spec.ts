import { randomUUID } from 'node:crypto';
import { checkoutBody, checkoutRetrying, requireServer } from '@bazaar/shared/testing';
import { getJson, RunningService, Shopper, shopperOf, startAllServices, stopAllServices, waitFor } from './support/services';

const ADMIN_TOKEN = `e2e-admin-${randomUUID()}`;
/** How long a price change may take to reach an open cart: far below the cart's snapshot TTL (30 s), so only the event can meet it. */
const PRICE_REACHES_CART_MS = 10_000;

interface AdminProduct {
  id: string;
  name: string;
  stock: number;
  revision: number;
  price: { amount: number; currency: string };
}

// Conflict resolution in catalog administration, through the gateway with every service running.
describe('catalog administration (all services, real Kafka, MongoDB wire protocol and Redis)', () => {
  let running: Record<string, RunningService>;
  let api: string;
  let category: string;

  beforeAll(async () => {
    await Promise.all([requireServer('mongodb'), requireServer('kafka'), requireServer('redis')]);
    // One product's writes queue on catalog's per-product lock (FerretDB loses concurrent updates of a
    // document): 100 adjustments sent at once take seconds to drain, longer than the harness's 2 s deadline.
    running = await startAllServices({ ADMIN_TOKEN, SERVICE_CALL_TIMEOUT_MS: '30000' });
    api = `${running.gateway.url}/api`;
    category = ((await getJson(`${api}/categories`)).body as { id: string }[])[0].id;
  }, 90000);
  afterAll(() => running && stopAllServices(running));

  /** Waits as long as the gateway's deadline (getJson gives up after 5 s). */
  async function admin(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(`${api}/admin/products${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  }

  async function createProduct(name: string, stock: number): Promise<AdminProduct> {
    const slug = `${name.toLowerCase().replace(/\W+/g, '-')}-${randomUUID().slice(0, 8)}`;
    const created = await admin('POST', '', { categoryId: category, slug, name, price: { amount: 1000, currency: 'EUR' }, stock });
    expect(created).toMatchObject({ status: 201, body: { revision: 1, stock } });
    expect(created.headers.get('etag')).toBe('"1"');
    return created.body;
  }

  async function finalStatus(as: Shopper, orderId: string): Promise<string> {
    let status = 'PENDING';
    await waitFor(`order ${orderId} to leave PENDING`, 60000, async () => {
      status = (await as('GET', `/orders/${orderId}`)).body?.status;
      return status === 'CONFIRMED' || status === 'CANCELLED';
    });
    return status;
  }

  it('refuses the admin API without the token (401) and with a wrong one (403)', async () => {
    expect((await getJson(`${api}/admin/products`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);
    expect((await admin('GET', '/0123456789abcdef01234567', undefined, { authorization: 'Bearer not-the-token' })).status).toBe(403);
  });

  it('of two concurrent edits of one product, exactly one gets 200 and the other 412 carrying the winner’s version', async () => {
    const product = await createProduct('Concurrent Kettle', 5);
    const read = await admin('GET', `/${product.id}`);
    const etag = read.headers.get('etag') as string;
    const edits = await Promise.all(['Kettle by Ada', 'Kettle by Grace'].map((name) => admin('PATCH', `/${product.id}`, { name }, { 'if-match': etag })));

    expect(edits.map(({ status }) => status).sort()).toEqual([200, 412]);
    const [winner, loser] = [200, 412].map((status) => edits.find((edit) => edit.status === status) as (typeof edits)[number]);
    expect(winner.headers.get('etag')).toBe('"2"');
    expect(loser.body).toMatchObject({
      statusCode: 412,
      code: 'PRODUCT_VERSION_CONFLICT',
      requestId: expect.any(String),
      details: { currentRevision: 2, current: { id: product.id, name: winner.body.name, revision: 2 } },
    });
    expect((await admin('GET', `/${product.id}`)).body.name).toBe(winner.body.name);
    expect((await admin('PATCH', `/${product.id}`, { name: 'Kettle' })).status).toBe(428);
  });

  it('100 concurrent ±1 stock adjustments mixed with 10 checkouts end at the exact stock', async () => {
    const initial = 70;
    const product = await createProduct('Busy Mug', initial);
    const shoppers = Array.from({ length: 10 }, () => shopperOf(api));
    for (const as of shoppers) expect((await as('POST', '/cart/items', { productId: product.id, quantity: 1 })).status).toBe(201);

    const startedAt = Date.now();
    const adjustments = Array.from({ length: 100 }, (_, i) => admin('POST', `/${product.id}/stock/adjustments`, { delta: i % 2 === 0 ? 1 : -1 }));
    const checkouts = shoppers.map((as) => checkoutRetrying(as, checkoutBody()));
    const [adjusted, placed] = await Promise.all([Promise.all(adjustments), Promise.all(checkouts)]);
    process.stdout.write(`\n100 adjustments and 10 checkouts of one product answered in ${Date.now() - startedAt} ms\n`);

    expect(adjusted.filter(({ status }) => status !== 200)).toEqual([]);
    expect(placed.map(({ status }) => status)).toEqual(Array(10).fill(202));
    const statuses = await Promise.all(placed.map(({ body }, i) => finalStatus(shoppers[i], body.orderId)));
    const confirmed = statuses.filter((status) => status === 'CONFIRMED').length;
    expect(confirmed).toBe(10);
    // +50 and -50 cancel out; each confirmed order took one. Nothing lost, nothing applied twice.
    const after = await admin('GET', `/${product.id}`);
    expect(after.body.stock).toBe(initial - confirmed);
    expect(after.body.revision).toBe(1);
  }, 120000);

  it('a price change reaches an open cart within the bound: the cart shows old → new, checkout asks for acceptance, accepting lets it through', async () => {
    const product = await createProduct('Repriced Skillet', 10);
    const as = shopperOf(api);
    await as('POST', '/cart/items', { productId: product.id, quantity: 2 });
    // The cart now holds the product's snapshot in its cache (30 s): only the event can refresh it sooner.
    expect((await as('GET', '/cart')).body.lines[0]).toMatchObject({ productId: product.id, priceChanged: false, unitPrice: product.price });

    const newPrice = { amount: 1290, currency: 'EUR' };
    const changedAt = Date.now();
    const changed = await admin('PUT', `/${product.id}/price`, { price: newPrice }, { 'if-match': '"1"' });
    expect(changed).toMatchObject({ status: 200, body: { price: newPrice, revision: 2 } });

    let line: Record<string, unknown> = {};
    await waitFor('the open cart to show the new price', PRICE_REACHES_CART_MS, async () => {
      line = (await as('GET', '/cart')).body.lines[0];
      return line.priceChanged === true;
    });
    const reachedMs = Date.now() - changedAt;
    process.stdout.write(`\nprice change reached the open cart in ${reachedMs} ms (bound ${PRICE_REACHES_CART_MS} ms)\n`);
    expect(line).toMatchObject({ unitPrice: newPrice, priceWhenAdded: product.price, priceChanged: true });

    const refused = await as('POST', '/checkout', checkoutBody(), { 'idempotency-key': randomUUID() });
    expect(refused).toMatchObject({
      status: 409,
      body: { code: 'PRICE_CHANGED', details: { changedLines: [{ productId: product.id, oldPrice: product.price, newPrice }] } },
    });
    expect((await as('POST', '/cart/accept-prices')).body.lines[0]).toMatchObject({ unitPrice: newPrice, priceWhenAdded: newPrice, priceChanged: false });
    expect((await as('POST', '/checkout', checkoutBody(), { 'idempotency-key': randomUUID() })).status).toBe(202);
  }, 60000);
});
