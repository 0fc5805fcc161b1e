import Redis from 'ioredis';
import { requireServer, uniqueName } from '@bazaar/shared/testing';
import { CART_TTL_SECONDS, cartKey, CartsRepository } from './carts.repository';
import { createRedisClient, redisCheck } from './redis.module';

describe('CartsRepository (real Redis)', () => {
  let redis: Redis;
  let carts: CartsRepository;

  beforeAll(async () => {
    redis = createRedisClient(await requireServer('redis'));
    carts = new CartsRepository(redis);
  });
  afterAll(() => redis?.quit());

  it('answers a ping', async () => {
    await expect(redisCheck(redis).ping()).resolves.toBe('PONG');
  });

  it('writes a line through ioredis and reads it back with a TTL', async () => {
    const cartId = uniqueName('cart');
    await carts.addQuantity(cartId, 'p1', 2);
    await carts.addQuantity(cartId, 'p2', 1);
    expect(await carts.quantities(cartId)).toEqual({ p1: 2, p2: 1 });
    const ttl = await redis.ttl(cartKey(cartId));
    expect(ttl).toBeGreaterThan(CART_TTL_SECONDS - 10);
  });

  it('loses no update under 100 concurrent +1 on one line', async () => {
    const cartId = uniqueName('cart');
    await Promise.all(Array.from({ length: 100 }, () => carts.addQuantity(cartId, 'p1', 1)));
    expect(await carts.quantities(cartId)).toEqual({ p1: 100 });
  });
});
