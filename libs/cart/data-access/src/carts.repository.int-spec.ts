import Redis from 'ioredis';
import { MAX_CART_LINES, MAX_LINE_QUANTITY } from '@bazaar/contracts';
import { requireServer, uniqueName } from '@bazaar/shared/testing';
import { cartKey, CartsRepository, LineChange } from './carts.repository';
import { createRedisClient, redisCheck } from './redis.module';

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const TTL = 600;
const settings = { cartTtlSeconds: TTL, productCacheTtlMs: 1000, maxLineQuantity: MAX_LINE_QUANTITY, maxCartLines: MAX_CART_LINES };

function add(productId: string, quantity = 1, stock = 1000): LineChange {
  return { productId, mode: 'add', quantity, stock, price: eur(1999) };
}

describe('CartsRepository (real Redis)', () => {
  let redis: Redis;
  let carts: CartsRepository;

  beforeAll(async () => {
    redis = createRedisClient(await requireServer('redis'));
    carts = new CartsRepository(redis, settings);
  });
  afterAll(() => redis?.quit());

  it('answers a ping', async () => {
    await expect(redisCheck(redis).ping()).resolves.toBe('PONG');
  });

  it('stores quantity and price-when-added in one field per line', async () => {
    const cartId = uniqueName('cart');
    await expect(carts.changeLine(cartId, add('p1', 2))).resolves.toEqual({ status: 'OK', current: 0, requested: 2 });
    await expect(carts.changeLine(cartId, { ...add('p1', 3), price: eur(1) })).resolves.toEqual({ status: 'OK', current: 2, requested: 5 });
    const fields = await redis.hgetall(cartKey(cartId));
    expect(fields).toEqual({ p1: expect.stringMatching(/^5\|1999\|EUR\|\d{13}$/) });
    expect(await carts.lines(cartId)).toEqual([{ productId: 'p1', quantity: 5, priceWhenAdded: eur(1999), addedAt: expect.any(Number) }]);
  });

  it('keeps lines in the order they were added, also when two are added within one millisecond', async () => {
    const cartId = uniqueName('cart');
    const now = jest.spyOn(Date, 'now').mockReturnValue(1_796_000_000_000);
    try {
      await carts.changeLine(cartId, add('p9'));
      await carts.changeLine(cartId, add('p1'));
      await carts.changeLine(cartId, add('p9'));
    } finally {
      now.mockRestore();
    }
    const lines = await carts.lines(cartId);
    const at = Object.fromEntries(lines.map((line) => [line.productId, line.addedAt]));
    expect(at['p1']).toBeGreaterThan(at['p9']);
    expect(at['p9']).toBe(1_796_000_000_000);
  });

  it('sets a quantity, creating the line when needed, and removes lines idempotently', async () => {
    const cartId = uniqueName('cart');
    await carts.changeLine(cartId, add('p1', 4));
    await expect(carts.changeLine(cartId, { ...add('p1', 2), mode: 'set' })).resolves.toEqual({ status: 'OK', current: 4, requested: 2 });
    await expect(carts.changeLine(cartId, { ...add('p2', 7), mode: 'set' })).resolves.toEqual({ status: 'OK', current: 0, requested: 7 });
    expect((await carts.lines(cartId)).map((l) => [l.productId, l.quantity]).sort()).toEqual([
      ['p1', 2],
      ['p2', 7],
    ]);
    await carts.removeLines(cartId, ['p1']);
    await carts.removeLines(cartId, ['p1']);
    expect((await carts.lines(cartId)).map((l) => l.productId)).toEqual(['p2']);
    await carts.clear(cartId);
    expect(await redis.exists(cartKey(cartId))).toBe(0);
    expect(await carts.lines(cartId)).toEqual([]);
  });

  it('sets the TTL on write and refreshes it on every read and write', async () => {
    const cartId = uniqueName('cart');
    await carts.changeLine(cartId, add('p1'));
    expect(await redis.ttl(cartKey(cartId))).toBeGreaterThan(TTL - 5);

    await redis.expire(cartKey(cartId), 50);
    await carts.lines(cartId);
    expect(await redis.ttl(cartKey(cartId))).toBeGreaterThan(TTL - 5);

    await redis.expire(cartKey(cartId), 50);
    await carts.changeLine(cartId, add('p1', MAX_LINE_QUANTITY)); // rejected, but the cart was used
    expect(await redis.ttl(cartKey(cartId))).toBeGreaterThan(TTL - 5);

    await redis.expire(cartKey(cartId), 50);
    await carts.removeLines(cartId, ['absent']);
    expect(await redis.ttl(cartKey(cartId))).toBeGreaterThan(TTL - 5);
  });

  it('loses no update under 100 concurrent +1 on one line', async () => {
    const cartId = uniqueName('cart');
    // The contract's limit (20) would stop this at 20, so this repository allows more per line.
    const roomy = new CartsRepository(redis, { ...settings, maxLineQuantity: 1000 });
    const results = await Promise.all(Array.from({ length: 100 }, () => roomy.changeLine(cartId, add('p1'))));
    expect(results.every((r) => r.status === 'OK')).toBe(true);
    expect(new Set(results.map((r) => r.requested)).size).toBe(100);
    expect((await roomy.lines(cartId))[0].quantity).toBe(100);
  });

  it('keeps the line limit under concurrency: 30 concurrent +1 end at 20 with 10 rejections', async () => {
    const cartId = uniqueName('cart');
    const results = await Promise.all(Array.from({ length: 30 }, () => carts.changeLine(cartId, add('p1'))));
    expect(results.filter((r) => r.status === 'OK')).toHaveLength(20);
    expect(results.filter((r) => r.status === 'QUANTITY_LIMIT')).toEqual(Array(10).fill({ status: 'QUANTITY_LIMIT', current: 20, requested: 21 }));
    expect((await carts.lines(cartId))[0].quantity).toBe(20);
  });

  it('keeps the stock limit atomically', async () => {
    const cartId = uniqueName('cart');
    const results = await Promise.all(Array.from({ length: 8 }, () => carts.changeLine(cartId, add('p1', 1, 5))));
    expect(results.filter((r) => r.status === 'OUT_OF_STOCK')).toHaveLength(3);
    expect((await carts.lines(cartId))[0].quantity).toBe(5);
  });

  it('keeps the line-count limit under concurrency', async () => {
    const cartId = uniqueName('cart');
    const results = await Promise.all(Array.from({ length: MAX_CART_LINES + 5 }, (_, i) => carts.changeLine(cartId, add(`p${i}`))));
    expect(results.filter((r) => r.status === 'CART_FULL')).toHaveLength(5);
    expect(await redis.hlen(cartKey(cartId))).toBe(MAX_CART_LINES);
    // An existing line can still grow in a full cart.
    await expect(carts.changeLine(cartId, add('p0'))).resolves.toMatchObject({ status: 'OK', requested: 2 });
  });

  it('accepts new prices keeping each line’s quantity and order, and does not bring back a removed line', async () => {
    const cartId = uniqueName('cart');
    await carts.changeLine(cartId, add('p1', 2));
    await carts.changeLine(cartId, add('p2', 1));
    const before = await carts.lines(cartId);
    // Changed after the shopper's cart was read for accepting: a +1 on p1 and p2 removed.
    await carts.changeLine(cartId, add('p1', 1));
    await carts.removeLines(cartId, ['p2']);

    await expect(carts.acceptPrices(cartId, [{ productId: 'p1', price: eur(2500) }, { productId: 'p2', price: eur(10) }])).resolves.toBe(1);
    expect(await carts.lines(cartId)).toEqual([{ productId: 'p1', quantity: 3, priceWhenAdded: eur(2500), addedAt: before.find((l) => l.productId === 'p1')?.addedAt }]);
  });

  it('changes nothing when a line is malformed', async () => {
    const cartId = uniqueName('cart');
    await carts.changeLine(cartId, add('p1'));
    await redis.hset(cartKey(cartId), 'bad', 'garbage');
    await expect(carts.acceptPrices(cartId, [{ productId: 'p1', price: eur(1) }, { productId: 'bad', price: eur(1) }])).rejects.toThrow();
    expect(await redis.hget(cartKey(cartId), 'p1')).toMatch(/^1\|1999\|EUR\|/);
  });

  it('answers 503 naming Redis when Redis cannot be reached', async () => {
    const down = createRedisClient('redis://127.0.0.1:1');
    const unreachable = new CartsRepository(down, settings);
    try {
      await expect(unreachable.lines('c1')).rejects.toMatchObject({ statusCode: 503, code: 'DEPENDENCY_UNAVAILABLE', message: expect.stringMatching(/^redis is unavailable/) });
      await expect(unreachable.changeLine('c1', add('p1'))).rejects.toMatchObject({ statusCode: 503, message: expect.stringMatching(/^redis is unavailable/) });
    } finally {
      down.disconnect();
    }
  });
});
