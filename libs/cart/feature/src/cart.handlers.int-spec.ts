import { randomUUID } from 'node:crypto';
import { INestMicroservice } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { ClientProxy, ClientProxyFactory, ClientsModule, Transport } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import Redis from 'ioredis';
import { CartCheckoutLock, CartPatterns, CartView, CATALOG_SERVICE, ProductSnapshot } from '@bazaar/contracts';
import { cartKey, createRedisClient, REDIS_CLIENT } from '@bazaar/cart/data-access';
import { callService, RpcErrorFilter } from '@bazaar/shared/rpc';
import { freePorts, requireServer, uniqueName } from '@bazaar/shared/testing';
import { CartFeatureModule } from './cart-feature.module';
import { CatalogStubData, startCatalogStub } from './testing/catalog.stub';
import {  } from '@bazaar/shared/testing';

const CACHE_TTL_MS = 400;
const ports = { catalog: 0, cart: 0, cartWithoutRedis: 0 };
const eur = (amount: number) => ({ amount, currency: 'EUR' });
const waitForCacheExpiry = () => new Promise((resolve) => setTimeout(resolve, CACHE_TTL_MS + 100));

function product(price: number, stock: number, overrides: Partial<ProductSnapshot> = {}): ProductSnapshot {
  const id = uniqueName('p').replace(/[^A-Za-z0-9_-]/g, '');
  return { id, slug: `slug-${id}`, name: `Product ${id}`, image: null, price: eur(price), stock, ...overrides };
}

async function startCart(port: number, redisUrl: string, redisOverride?: Redis): Promise<INestMicroservice> {
  const builder = Test.createTestingModule({
    imports: [
      ConfigModule.forRoot({
        isGlobal: true,
        ignoreEnvFile: true,
        load: [() => ({ REDIS_URL: redisUrl, CART_TTL_SECONDS: 600, PRODUCT_CACHE_TTL_MS: CACHE_TTL_MS, CART_CURRENCY: 'EUR', CATALOG_TIMEOUT_MS: 1000 })],
      }),
      CartFeatureModule.register({
        catalogClient: ClientsModule.register([{ name: CATALOG_SERVICE, transport: Transport.TCP, options: { host: '127.0.0.1', port: ports.catalog } }]),
      }),
    ],
  });
  if (redisOverride) builder.overrideProvider(REDIS_CLIENT).useValue(redisOverride);
  const server = (await builder.compile()).createNestMicroservice({ transport: Transport.TCP, options: { host: '127.0.0.1', port }, logger: false });
  server.useGlobalFilters(new RpcErrorFilter()); // as bootstrapService does in the running service
  await server.listen();
  return server;
}

describe('cart message handlers over TCP (real Redis, catalog contract stub)', () => {
  const catalog = new CatalogStubData();
  let catalogServer: INestMicroservice;
  let cartServer: INestMicroservice;
  let client: ClientProxy;
  let redis: Redis;

  const call = (pattern: string, data: unknown) => callService<CartView>(client, 'cart', pattern, data, 5000);
  const add = (cartId: string, productId: string, quantity = 1) => call(CartPatterns.addItem, { cartId, productId, quantity });
  const get = (cartId: string) => call(CartPatterns.get, { cartId });

  beforeAll(async () => {
    [ports.catalog, ports.cart, ports.cartWithoutRedis] = await freePorts(3);
    const redisUrl = await requireServer('redis');
    redis = createRedisClient(redisUrl);
    catalogServer = await startCatalogStub(ports.catalog, catalog);
    cartServer = await startCart(ports.cart, redisUrl);
    client = ClientProxyFactory.create({ transport: Transport.TCP, options: { host: '127.0.0.1', port: ports.cart } });
  });
  afterAll(async () => {
    client?.close();
    await cartServer?.close();
    await catalogServer?.close();
    await redis?.quit();
  });

  it('adds items, adding to an existing line, and replies with the priced cart', async () => {
    const [mug, tea] = [product(1999, 10, { image: '/img/mug.svg' }), product(550, 10)];
    catalog.put(mug, tea);
    const cartId = randomUUID();
    await add(cartId, mug.id, 2);
    await add(cartId, tea.id);
    const view = await add(cartId, mug.id, 1);
    expect(view).toEqual({
      cartId,
      lines: [
        {
          productId: mug.id,
          slug: mug.slug,
          name: mug.name,
          image: '/img/mug.svg',
          quantity: 3,
          unitPrice: eur(1999),
          priceWhenAdded: eur(1999),
          priceChanged: false,
          lineTotal: eur(5997),
          available: true,
        },
        expect.objectContaining({ productId: tea.id, quantity: 1, lineTotal: eur(550), available: true }),
      ],
      itemCount: 4,
      subtotal: eur(6547),
    });
    await expect(get(cartId)).resolves.toEqual(view);
  });

  it('sets quantities (0 removes), removes and clears', async () => {
    const [a, b] = [product(100, 10), product(200, 10)];
    catalog.put(a, b);
    const cartId = randomUUID();
    await add(cartId, a.id, 2);
    await add(cartId, b.id, 1);
    expect((await call(CartPatterns.setQuantity, { cartId, productId: a.id, quantity: 5 })).lines.map((l) => l.quantity)).toEqual([5, 1]);
    expect((await call(CartPatterns.setQuantity, { cartId, productId: a.id, quantity: 0 })).lines.map((l) => l.productId)).toEqual([b.id]);
    expect((await call(CartPatterns.removeItem, { cartId, productId: b.id })).lines).toEqual([]);
    await add(cartId, a.id);
    await expect(call(CartPatterns.clear, { cartId })).resolves.toEqual({ cartId, lines: [], itemCount: 0, subtotal: eur(0) });
    expect(await redis.exists(cartKey(cartId))).toBe(0);
  });

  it('answers 404 for a product catalog does not know', async () => {
    await expect(add(randomUUID(), 'no-such-product')).rejects.toMatchObject({ statusCode: 404, code: 'PRODUCT_NOT_FOUND', message: 'No product no-such-product' });
  });

  it('answers 409 OUT_OF_STOCK saying how many are available', async () => {
    const scarce = product(100, 3);
    catalog.put(scarce);
    const cartId = randomUUID();
    await add(cartId, scarce.id, 2);
    await expect(add(cartId, scarce.id, 2)).rejects.toMatchObject({
      statusCode: 409,
      code: 'OUT_OF_STOCK',
      message: `Only 3 of ${scarce.id} available; 4 requested (the cart already has 2)`,
    });
    expect((await get(cartId)).lines[0].quantity).toBe(2);
  });

  it('answers 409 QUANTITY_LIMIT and 409 CART_FULL at the limits', async () => {
    const plenty = product(100, 1000);
    catalog.put(plenty);
    const cartId = randomUUID();
    await add(cartId, plenty.id, 15);
    await expect(add(cartId, plenty.id, 6)).rejects.toMatchObject({ statusCode: 409, code: 'QUANTITY_LIMIT', message: expect.stringContaining('At most 20') });
    await expect(call(CartPatterns.setQuantity, { cartId, productId: plenty.id, quantity: 21 })).rejects.toMatchObject({ statusCode: 409, code: 'QUANTITY_LIMIT' });

    const many = Array.from({ length: 50 }, () => product(1, 5));
    catalog.put(...many);
    const fullCart = randomUUID();
    for (const item of many) await add(fullCart, item.id);
    await expect(add(fullCart, plenty.id)).rejects.toMatchObject({ statusCode: 409, code: 'CART_FULL' });
  });

  it('answers 409 CURRENCY_MISMATCH for a product priced in another currency', async () => {
    const dollars = product(100, 5, { price: { amount: 100, currency: 'USD' } });
    catalog.put(dollars);
    await expect(add(randomUUID(), dollars.id)).rejects.toMatchObject({ statusCode: 409, code: 'CURRENCY_MISMATCH' });
  });

  it('answers 400 naming the field for invalid input', async () => {
    const cartId = randomUUID();
    await expect(get('cart-1')).rejects.toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED', message: 'cartId: must be a UUID' });
    await expect(call(CartPatterns.addItem, { cartId, productId: 'a:b', quantity: 1 })).rejects.toMatchObject({ statusCode: 400, message: expect.stringMatching(/^productId: /) });
    await expect(call(CartPatterns.addItem, { cartId, productId: 'p1', quantity: 0 })).rejects.toMatchObject({ statusCode: 400, message: 'quantity: must be at least 1' });
    await expect(call(CartPatterns.setQuantity, { cartId, productId: 'p1', quantity: 1.5 })).rejects.toMatchObject({ statusCode: 400, message: 'quantity: must be an integer' });
  });

  it('shows price changes and lost availability once the cached snapshot expires', async () => {
    const lamp = product(4000, 5);
    catalog.put(lamp);
    const cartId = randomUUID();
    await add(cartId, lamp.id, 3);
    catalog.put({ ...lamp, price: eur(3500), stock: 2 });
    expect((await get(cartId)).lines[0]).toMatchObject({ unitPrice: eur(4000), priceChanged: false, available: true }); // still cached
    await waitForCacheExpiry();
    const view = await get(cartId);
    expect(view.lines[0]).toMatchObject({ unitPrice: eur(3500), priceWhenAdded: eur(4000), priceChanged: true, lineTotal: eur(10500), available: false });
    expect(view.subtotal).toEqual(eur(0));
  });

  it('accepts catalog’s current prices, asking catalog afresh while the cache still has the old ones', async () => {
    const [lamp, mug] = [product(4000, 5), product(1000, 5)];
    catalog.put(lamp, mug);
    const cartId = randomUUID();
    await add(cartId, lamp.id, 2);
    await add(cartId, mug.id, 1);
    catalog.put({ ...lamp, price: eur(3500) });
    expect((await get(cartId)).lines[0]).toMatchObject({ unitPrice: eur(4000), priceChanged: false }); // still cached

    const accepted = await call(CartPatterns.acceptPrices, { cartId });
    expect(accepted.lines.map((l) => [l.productId, l.quantity, l.unitPrice, l.priceWhenAdded, l.priceChanged])).toEqual([
      [lamp.id, 2, eur(3500), eur(3500), false],
      [mug.id, 1, eur(1000), eur(1000), false],
    ]);
    expect(accepted.subtotal).toEqual(eur(8000));
    await expect(get(cartId)).resolves.toEqual(accepted);
    await expect(call(CartPatterns.acceptPrices, { cartId: 'cart-1' })).rejects.toMatchObject({ statusCode: 400, message: 'cartId: must be a UUID' });
  });

  it('locks a cart for checkout to one order and names that order to any other (CartPatterns.lockForCheckout)', async () => {
    const cartId = randomUUID();
    const lock = (orderId: string, replacing?: string) => callService<CartCheckoutLock>(client, 'cart', CartPatterns.lockForCheckout, { cartId, orderId, replacing }, 5000);
    const first = await lock('order-a');
    expect(first).toEqual({ locked: true, orderId: 'order-a', lockedAt: expect.any(String) });
    await expect(lock('order-b')).resolves.toEqual({ ...first, locked: false });
    await expect(lock('order-b', 'order-a')).resolves.toMatchObject({ locked: true, orderId: 'order-b' });
    await expect(callService(client, 'cart', CartPatterns.lockForCheckout, { cartId })).rejects.toMatchObject({ statusCode: 400, message: expect.stringContaining('orderId') });
  });

  it('asks catalog once for all missing products, and not at all on a cache hit', async () => {
    const items = [product(1, 5), product(2, 5), product(3, 5)];
    catalog.put(...items);
    const cartId = randomUUID();
    for (const item of items) await add(cartId, item.id);
    await waitForCacheExpiry();

    const before = catalog.requests.length;
    await get(cartId);
    expect(catalog.requests.slice(before)).toEqual([expect.arrayContaining(items.map((item) => item.id))]);
    expect(catalog.requests.at(-1)).toHaveLength(3);

    await get(cartId);
    await get(cartId);
    expect(catalog.requests.length).toBe(before + 1);
  });

  it('drops products that vanished from catalog, from the view and from the cart', async () => {
    const [kept, gone] = [product(100, 5), product(200, 5)];
    catalog.put(kept, gone);
    const cartId = randomUUID();
    await add(cartId, kept.id);
    await add(cartId, gone.id);
    catalog.products.delete(gone.id);
    await waitForCacheExpiry();
    expect((await get(cartId)).lines.map((l) => l.productId)).toEqual([kept.id]);
    expect(await redis.hkeys(cartKey(cartId))).toEqual([kept.id]);
  });

  it('answers 503 naming Redis when Redis cannot be reached', async () => {
    const down = createRedisClient('redis://127.0.0.1:1');
    const server = await startCart(ports.cartWithoutRedis, 'redis://127.0.0.1:1', down);
    const downClient = ClientProxyFactory.create({ transport: Transport.TCP, options: { host: '127.0.0.1', port: ports.cartWithoutRedis } });
    try {
      await expect(callService(downClient, 'cart', CartPatterns.get, { cartId: randomUUID() })).rejects.toMatchObject({
        statusCode: 503,
        code: 'DEPENDENCY_UNAVAILABLE',
        message: expect.stringMatching(/^redis is unavailable/),
      });
    } finally {
      downClient.close();
      await server.close();
    }
  });

  // Last: it stops the stub.
  it('answers 503 when catalog is down, without hanging', async () => {
    const fresh = product(100, 5);
    catalog.put(fresh);
    await catalogServer.close();
    const started = Date.now();
    await expect(add(randomUUID(), fresh.id)).rejects.toMatchObject({ statusCode: 503, code: 'DEPENDENCY_UNAVAILABLE', message: expect.stringMatching(/^catalog is unavailable/) });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
