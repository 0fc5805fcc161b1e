import Redis from 'ioredis';
import type { ProductSnapshot } from '@bazaar/contracts';
import { requireServer, uniqueName } from '@bazaar/shared/testing';
import { ProductSnapshotCache, productSnapshotKey } from './product-snapshot.cache';
import { createRedisClient } from './redis.module';

const snapshot = (id: string): ProductSnapshot => ({ id, slug: id, name: id, image: null, price: { amount: 100, currency: 'EUR' }, stock: 3 });

describe('ProductSnapshotCache (real Redis)', () => {
  let redis: Redis;
  let cache: ProductSnapshotCache;

  beforeAll(async () => {
    redis = createRedisClient(await requireServer('redis'));
    cache = new ProductSnapshotCache(redis, { cartTtlSeconds: 60, productCacheTtlMs: 300, maxLineQuantity: 20, maxCartLines: 50 });
  });
  afterAll(() => redis?.quit());

  it('returns hits and names the misses, keeping the order of the ids', async () => {
    const [a, b, c] = [uniqueName('p'), uniqueName('p'), uniqueName('p')];
    await cache.putMany([snapshot(a), snapshot(c)]);
    await expect(cache.getMany([a, b, c])).resolves.toEqual({ found: [snapshot(a), snapshot(c)], missingIds: [b] });
    await expect(cache.getMany([])).resolves.toEqual({ found: [], missingIds: [] });
  });

  it('stores entries with the short TTL, which a hit does not extend', async () => {
    const id = uniqueName('p');
    await cache.putMany([snapshot(id)]);
    const ttl = await redis.pttl(productSnapshotKey(id));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(300);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await cache.getMany([id]);
    expect(await redis.pttl(productSnapshotKey(id))).toBeLessThanOrEqual(100);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await expect(cache.getMany([id])).resolves.toEqual({ found: [], missingIds: [id] });
  });
});
