import { CatalogCache, cacheEntries } from './catalog-cache';

describe('CatalogCache without Redis, or with reads not cached', () => {
  it('without Redis, loads every read and takes invalidations as no-ops', async () => {
    const cache = new CatalogCache(null, { ttlMs: 30_000, prefix: 'test:' });
    const load = jest.fn(async () => ({ ok: true }));
    await cache.read(cacheEntries.product('p1'), load);
    await cache.read(cacheEntries.product('p1'), load);
    await expect(cache.invalidateStock([{ id: 'p1', categoryId: 'kitchen' }])).resolves.toBeUndefined();
    await expect(cache.invalidateAll()).resolves.toBeUndefined();
    expect(load).toHaveBeenCalledTimes(2);
    expect(cache.stats).toEqual({ hits: 0, misses: 0, bypassed: 0, loads: 0, invalidations: 0, errors: 0 });
  });

  it('names each entry by what it depends on: a stock move reaches product pages and its category, an edit every listing', () => {
    expect(cacheEntries.product('p1').dependsOn).toEqual(['product:p1']);
    expect(cacheEntries.categoryPage('kitchen', 'newest:24:').dependsOn).toEqual(['listings', 'category:kitchen']);
    expect(cacheEntries.categories().dependsOn).toEqual(['listings']);
    expect(cacheEntries.slug('red-kettle').dependsOn).toEqual(['listings']);
  });
});

describe('CatalogCache before its Redis client is ready', () => {
  it('bypasses the cache (the read loads, nothing is looked up or stored) and says it is not reachable yet', async () => {
    const redis = { status: 'connecting', defineCommand: jest.fn(), on: jest.fn(), set: jest.fn(), catalogCacheLookup: jest.fn() };
    const cache = new CatalogCache(redis as never, { ttlMs: 30_000, prefix: 'test:' });
    expect(cache.reachable).toBe(false);
    await expect(cache.read(cacheEntries.product('p1'), async () => 'loaded')).resolves.toBe('loaded');
    expect(redis.catalogCacheLookup).not.toHaveBeenCalled();
    expect(redis.set).not.toHaveBeenCalled();
    expect(cache.stats.bypassed).toBe(1);
    redis.status = 'ready';
    expect(cache.reachable).toBe(true);
  });
});
