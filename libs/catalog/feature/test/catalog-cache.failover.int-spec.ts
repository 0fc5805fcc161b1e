import { join } from 'node:path';
import { eventually, PrivateRedisSentinels, requireServer, uniqueName, workspaceRoot } from '@bazaar/shared/testing';
import { CatalogUnderTest } from './catalog-cache.support';

/**
 * The read cache through a Redis primary failover, with real processes: a primary, its replica and
 * three Sentinels of this suite's own (tools/infra, private BAZAAR_RUN and ports); the catalog
 * reaches the cache through the Sentinels, and the primary is killed with SIGKILL.
 */
describe('catalog read cache through a Redis failover (primary, replica, three Sentinels; SIGKILL)', () => {
  const run = join(workspaceRoot, `tmp/catalog-cache-failover/infra-${process.pid}`);
  let redis: PrivateRedisSentinels;
  let catalog: CatalogUnderTest;
  let category: string;

  beforeAll(async () => {
    const mongoUrl = await requireServer('mongodb');
    redis = await PrivateRedisSentinels.start(run);
    catalog = await CatalogUnderTest.start({
      MONGO_URL: mongoUrl,
      MONGO_DB: uniqueName('it-catalog-cache-failover'),
      // As a deployment may give both: the Sentinels win over the first primary's address.
      REDIS_URL: `redis://127.0.0.1:${redis.ports.primary}`,
      // As the raw environment gives it (no env schema in between).
      REDIS_SENTINELS: redis.settings.REDIS_SENTINELS.join(','),
      REDIS_SENTINEL_NAME: redis.settings.REDIS_SENTINEL_NAME,
      // It counts hits, so no read may skip the cache because a loaded machine answered late.
      CATALOG_CACHE_COMMAND_TIMEOUT_MS: '5000',
    });
    category = uniqueName('cat');
    await catalog.addCategory(category);
  }, 120_000);

  afterAll(async () => {
    await catalog?.close();
    await redis?.stop();
  }, 120_000);

  it('serves hits from the new primary once the Sentinels have promoted the replica, and stores invalidations there', async () => {
    const { id } = await catalog.addProduct(category, 'Failover Lamp', 3);
    const hits = () => catalog.cache.stats.hits;
    // Reads bypass the cache until its client has asked the Sentinels and connected to the primary.
    const first = hits();
    await eventually(async () => {
      await catalog.service.getProduct(id);
      return hits() > first ? true : undefined;
    }, 'a read answered from the cache before the failover');

    const killedAt = Date.now();
    redis.killPrimary();
    await redis.promoted();
    const promotedAt = Date.now();

    // Reads in the gap go to the database; bounded by the wait, one is answered from the cache again.
    const before = hits();
    await eventually(async () => {
      expect(await catalog.service.getProduct(id)).toMatchObject({ id, stock: 3 });
      return hits() > before ? true : undefined;
    }, 'a read answered from the cache after the failover');
    const servingAt = Date.now();

    // Writes reach the new primary too: an invalidation is stored, and the next reads miss once, then hit.
    const { invalidations, errors } = catalog.cache.stats;
    await catalog.cache.invalidateProduct(id);
    expect(catalog.cache.stats).toMatchObject({ invalidations: invalidations + 1, errors });
    const since = catalog.commands.length;
    await catalog.service.getProduct(id);
    await catalog.service.getProduct(id);
    expect(catalog.queries('products', since)).toHaveLength(1);
    console.log(`catalog cache failover: replica promoted ${promotedAt - killedAt} ms after SIGKILL; reads answered from the cache again ${servingAt - killedAt} ms after it`);
  }, 120_000);
});
