import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, freePort, infraScript, requireServer, uniqueName, workspaceRoot } from '@bazaar/shared/testing';
import { CatalogUnderTest, orderFor } from './catalog-cache.support';

/**
 * This suite stops Redis, so it runs its own (tools/infra with a private BAZAAR_RUN and port), with
 * the append-only file on, as deployed: entries cached before the outage are still there after it.
 */
describe('catalog read cache while Redis is down (a private Redis)', () => {
  const run = join(workspaceRoot, 'tmp/catalog-cache-it', `${process.pid}`);
  let infraEnv: NodeJS.ProcessEnv;
  let catalog: CatalogUnderTest;
  let category: string;
  const redis = (command: 'start' | 'stop') => infraScript(command, 'redis', infraEnv);

  beforeAll(async () => {
    const port = await freePort();
    infraEnv = { ...process.env, BAZAAR_RUN: run, REDIS_PORT: `${port}`, REDIS_APPENDONLY: 'yes' };
    delete infraEnv.REDIS_URL;
    await redis('start');
    catalog = await CatalogUnderTest.start({
      MONGO_URL: await requireServer('mongodb'),
      MONGO_DB: uniqueName('it-catalog-cache-down'),
      REDIS_URL: `redis://127.0.0.1:${port}`,
      // It counts hits, so no read may skip the cache because a loaded machine answered late; and a
      // stopped Redis must fail reads at once (offline queue off), not after this timeout.
      CATALOG_CACHE_COMMAND_TIMEOUT_MS: '30000',
    });
    category = uniqueName('cat');
    await catalog.addCategory(category);
  }, 120_000);
  afterAll(async () => {
    await catalog?.close();
    await redis('stop').catch(() => undefined);
    rmSync(run, { recursive: true, force: true });
  }, 60_000);

  it('reads go to the database without an error while Redis is down, and through the cache again once it is back', async () => {
    const { id } = await catalog.addProduct(category, 'Outage Lamp', 2);
    await catalog.service.getProduct(id);
    const cached = catalog.cache.stats.hits;
    await catalog.service.getProduct(id);
    expect(catalog.cache.stats.hits).toBe(cached + 1);

    await redis('stop');
    const bypassed = catalog.cache.stats.bypassed;
    const since = catalog.commands.length;
    const started = Date.now();
    for (let i = 0; i < 5; i++) {
      await expect(catalog.service.getProduct(id)).resolves.toMatchObject({ id, stock: 2 });
      await expect(catalog.service.listCategories()).resolves.toContainEqual(expect.objectContaining({ id: category, productCount: 1 }));
    }
    // No read waited for a timeout, and each one really read the database.
    expect(Date.now() - started).toBeLessThan(2000);
    expect(catalog.cache.stats.bypassed - bypassed).toBe(10);
    expect(catalog.queries('products', since)).toHaveLength(10);

    // Stock sold during the outage: the invalidation cannot be stored, and the entry cached before it survives in the append-only file.
    await expect(catalog.reservations().reserve(orderFor(id, 2))).resolves.toBe('RESERVED');
    expect(await catalog.service.getProduct(id)).toMatchObject({ stock: 0, inStock: false });

    await redis('start');
    // Back by itself: every read shows the stock sold (the lost invalidation is flushed first), and the cache serves again.
    const used = () => catalog.cache.stats.hits + catalog.cache.stats.misses;
    const before = used();
    await eventually(async () => {
      expect(await catalog.service.getProduct(id)).toMatchObject({ stock: 0, inStock: false });
      return used() > before ? true : undefined;
    }, 'reads through the cache again');
    const hits = catalog.cache.stats.hits;
    expect(await catalog.service.getProduct(id)).toMatchObject({ stock: 0, inStock: false });
    expect(catalog.cache.stats.hits).toBe(hits + 1);
  }, 120_000);
});
