import Redis from 'ioredis';
import { MAX_CART_LINES, MAX_LINE_QUANTITY } from '@bazaar/contracts';
import { requireServer, uniqueName } from '@bazaar/shared/testing';
import { cartKey, CartsRepository, checkoutLockKey, LineChange } from './carts.repository';
import { processedEventKey, RedisProcessedEventStore } from './redis-processed-event.store';
import { createRedisClient } from './redis.module';

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const settings = { cartTtlSeconds: 600, productCacheTtlMs: 1000, maxLineQuantity: MAX_LINE_QUANTITY, maxCartLines: MAX_CART_LINES };
const add = (productId: string, quantity: number): LineChange => ({ productId, mode: 'add', quantity, stock: 1000, price: eur(1999) });

describe('settling a cart after its order, the checkout lock, and the processed-event store (real Redis)', () => {
  let redis: Redis;
  let carts: CartsRepository;
  const group = uniqueName('it-cart');
  const marker = () => ({ key: processedEventKey(group, uniqueName('event')), value: 'OrderConfirmed.v1', ttlSeconds: 60 });
  const quantities = async (cartId: string) => Object.fromEntries((await carts.lines(cartId)).map((line) => [line.productId, line.quantity]));

  beforeAll(async () => {
    redis = createRedisClient(await requireServer('redis'));
    carts = new CartsRepository(redis, settings);
  });
  afterAll(() => redis?.quit());

  it('subtracts the ordered quantities, deletes lines that reach 0, keeps the rest and the price-when-added', async () => {
    const cartId = uniqueName('cart');
    await carts.changeLine(cartId, add('mug', 3));
    await carts.changeLine(cartId, add('tea', 1));
    await carts.changeLine(cartId, add('cake', 2));
    const done = marker();
    await expect(carts.settleOrder(cartId, 'order-1', [{ productId: 'mug', quantity: 2 }, { productId: 'tea', quantity: 1 }], done)).resolves.toEqual({ status: 'APPLIED', removed: 3 });
    expect(await quantities(cartId)).toEqual({ mug: 1, cake: 2 });
    expect(await redis.hget(cartKey(cartId), 'mug')).toMatch(/^1\|1999\|EUR\|\d{13}$/);
    expect(await redis.get(done.key)).toBe('OrderConfirmed.v1');
    expect(await redis.ttl(done.key)).toBeGreaterThan(50);
  });

  it('applies an event once: the same marker again changes nothing, also for items added in between', async () => {
    const cartId = uniqueName('cart');
    await carts.changeLine(cartId, add('mug', 2));
    const done = marker();
    const order = [{ productId: 'mug', quantity: 2 }];
    await expect(carts.settleOrder(cartId, 'order-1', order, done)).resolves.toEqual({ status: 'APPLIED', removed: 2 });
    expect(await redis.exists(cartKey(cartId))).toBe(0);

    await carts.changeLine(cartId, add('mug', 1));
    await carts.changeLine(cartId, add('cake', 1));
    await expect(carts.settleOrder(cartId, 'order-1', order, done)).resolves.toEqual({ status: 'DUPLICATE', removed: 0 });
    expect(await quantities(cartId)).toEqual({ mug: 1, cake: 1 });
  });

  it('removes a line whose quantity dropped below the ordered one, and takes nothing from an unknown cart', async () => {
    const cartId = uniqueName('cart');
    await carts.changeLine(cartId, add('mug', 1));
    await expect(carts.settleOrder(cartId, 'order-1', [{ productId: 'mug', quantity: 4 }], marker())).resolves.toEqual({ status: 'APPLIED', removed: 1 });
    expect(await redis.exists(cartKey(cartId))).toBe(0);

    const unknown = uniqueName('cart');
    await expect(carts.settleOrder(unknown, 'order-1', [{ productId: 'mug', quantity: 1 }], marker())).resolves.toEqual({ status: 'APPLIED', removed: 0 });
    expect(await redis.exists(cartKey(unknown))).toBe(0);
  });

  it('changes nothing when a touched line is malformed', async () => {
    const cartId = uniqueName('cart');
    await carts.changeLine(cartId, add('mug', 2));
    await redis.hset(cartKey(cartId), 'bad', 'garbage');
    const done = marker();
    await expect(carts.settleOrder(cartId, 'order-1', [{ productId: 'mug', quantity: 1 }, { productId: 'bad', quantity: 1 }], done)).rejects.toThrow(/Malformed cart line for bad/);
    expect(await redis.hget(cartKey(cartId), 'mug')).toMatch(/^2\|/);
    expect(await redis.exists(done.key)).toBe(0);
    await redis.del(cartKey(cartId));
  });

  it('RedisProcessedEventStore records with NX and a TTL under processed:<group>:<eventId>', async () => {
    const store = new RedisProcessedEventStore(redis, 60);
    const eventId = uniqueName('event');
    await expect(store.has(group, eventId)).resolves.toBe(false);
    await store.record(group, eventId, 'OrderPlaced.v1');
    await store.record(group, eventId, 'Other.v1');
    await expect(store.has(group, eventId)).resolves.toBe(true);
    await expect(store.has(`${group}-other`, eventId)).resolves.toBe(false);
    expect(await redis.get(`processed:${group}:${eventId}`)).toBe('OrderPlaced.v1');
    expect(await redis.ttl(`processed:${group}:${eventId}`)).toBeGreaterThan(50);
  });

  it('locks a cart for one order: a retry of that order keeps it, another order finds it held', async () => {
    const cartId = uniqueName('cart');
    const first = await carts.lockForCheckout(cartId, 'order-a');
    expect(first).toEqual({ status: 'LOCKED', orderId: 'order-a', lockedAt: expect.any(Date) });
    await expect(carts.lockForCheckout(cartId, 'order-a')).resolves.toEqual(first);
    await expect(carts.lockForCheckout(cartId, 'order-b')).resolves.toEqual({ status: 'HELD', orderId: 'order-a', lockedAt: first.lockedAt });
    expect(await redis.ttl(checkoutLockKey(cartId))).toBeGreaterThan(500);
  });

  it('takes a lock over only from the order the caller names (compare-and-set): of two takers one wins', async () => {
    const cartId = uniqueName('cart');
    await carts.lockForCheckout(cartId, 'order-a');
    await expect(carts.lockForCheckout(cartId, 'order-c', 'order-x')).resolves.toMatchObject({ status: 'HELD', orderId: 'order-a' });
    const takers = await Promise.all(['order-b', 'order-c'].map((orderId) => carts.lockForCheckout(cartId, orderId, 'order-a')));
    expect(takers.filter(({ status }) => status === 'LOCKED')).toHaveLength(1);
  });

  it("releases the order's lock when it settles the cart, and leaves a lock another order took over", async () => {
    const cartId = uniqueName('cart');
    await carts.changeLine(cartId, add('mug', 1));
    await carts.lockForCheckout(cartId, 'order-1');
    await expect(carts.settleOrder(cartId, 'order-1', [], marker())).resolves.toEqual({ status: 'APPLIED', removed: 0 });
    expect(await redis.exists(checkoutLockKey(cartId))).toBe(0);
    expect(await quantities(cartId)).toEqual({ mug: 1 });

    await carts.lockForCheckout(cartId, 'order-2');
    await carts.settleOrder(cartId, 'order-1', [], marker());
    await expect(carts.lockForCheckout(cartId, 'order-3')).resolves.toMatchObject({ status: 'HELD', orderId: 'order-2' });
  });
});
