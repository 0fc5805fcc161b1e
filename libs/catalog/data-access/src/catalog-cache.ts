import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { SingleFlight } from './single-flight';

/**
 * What a cached read depends on, as generation counters: `all` (every entry), `listings` (the
 * category list with its counts, every category page, slug → id), `category:<id>` (that category's
 * pages), `product:<id>` (that product's page). Invalidating bumps counters; it never deletes.
 */
export type CacheGeneration = 'listings' | `category:${string}` | `product:${string}`;

/** A cacheable read: its key (without the generations) and the generations its answer depends on. */
export interface CacheEntry {
  key: string;
  dependsOn: CacheGeneration[];
}

/** The reads shoppers make most (docs/adr/0009-catalog-read-cache.md). */
export const cacheEntries = {
  categories: (): CacheEntry => ({ key: 'categories', dependsOn: ['listings'] }),
  categoryPage: (categoryId: string, variant: string): CacheEntry => ({ key: `page:${categoryId}:${variant}`, dependsOn: ['listings', `category:${categoryId}`] }),
  product: (id: string): CacheEntry => ({ key: `product:${id}`, dependsOn: [`product:${id}`] }),
  slug: (slug: string): CacheEntry => ({ key: `slug:${slug}`, dependsOn: ['listings'] }),
};

export interface CatalogCacheSettings {
  /** Entries live this long at most, whatever happens to invalidations; 0 = reads are not cached (invalidations are still sent). */
  ttlMs: number;
  /** Prefix of every key, so that two deployments (or bench runs) sharing a Redis never meet. */
  prefix: string;
}

export interface CatalogCacheStats {
  /** Reads answered from Redis. */
  hits: number;
  /** Reads Redis did not have (each one either loaded or joined a load in flight). */
  misses: number;
  /** Reads that went to the database because Redis was unreachable or not yet flushed. */
  bypassed: number;
  /** Database loads for misses and bypassed reads (misses + bypassed − loads = reads coalesced). */
  loads: number;
  invalidations: number;
  /** Redis commands that failed (the read or invalidation carried on without the cache). */
  errors: number;
}

/**
 * Looks up an entry under its generations in one round trip. Reading the generations and the
 * entry together and storing under the key built from them is what makes a fill race-free: a load
 * that read the database before an invalidation stores under the old generations, where no reader
 * after the invalidation looks.
 * KEYS: the generation counters; ARGV[1]: the entry key without generations. Returns {key, value|nil}.
 */
const LOOKUP_LUA = `
local versions = redis.call('MGET', unpack(KEYS))
for i = 1, #KEYS do versions[i] = versions[i] or '0' end
local key = ARGV[1] .. '@' .. table.concat(versions, '.')
return {key, redis.call('GET', key)}
`;

type LookupRedis = Redis & { catalogCacheLookup(numberOfKeys: number, ...args: string[]): Promise<[string, string | null]> };

const UNAVAILABLE = Symbol('unavailable');
/** After a failed command, reads skip Redis this long instead of each waiting for a timeout. */
const BACKOFF_MS = 1000;

/**
 * Cache-aside in Redis for catalog's reads, with invalidation by generation counters and in-process
 * request coalescing. Redis unreachable is never an error for a shopper: reads go to the database.
 * An invalidation that Redis did not get leaves this instance bypassing the cache until it has
 * bumped `all` (flushed), which it does as soon as Redis answers again.
 *
 * The one entry point for writers: `invalidateProduct(id)` after a product edit (price, name, slug,
 * category, images), `invalidateStock(products)` after stock moved, `invalidateAll()` after bulk
 * changes. Call them after the write is stored.
 *
 * @example
 *   await this.products.updatePrice(id, price);
 *   await this.cache.invalidateProduct(id);
 */
export class CatalogCache {
  private readonly logger = new Logger(CatalogCache.name);
  private readonly flights = new SingleFlight();
  private readonly counters: CatalogCacheStats = { hits: 0, misses: 0, bypassed: 0, loads: 0, invalidations: 0, errors: 0 };
  /** Bumped by every invalidation in this process: coalesced database loads never span one. */
  private localGeneration = 0;
  private flushPending = false;
  private skipUntil = 0;

  constructor(
    private readonly redis: Redis | null,
    private readonly settings: CatalogCacheSettings,
  ) {
    if (!redis) return;
    redis.defineCommand('catalogCacheLookup', { lua: LOOKUP_LUA });
    let reachable = true;
    redis.on('error', (error: Error) => {
      if (!reachable) return;
      reachable = false;
      this.logger.warn({ err: error.message }, 'Cache unreachable: reads go to the database until it is back');
    });
    redis.on('ready', () => {
      if (!reachable) this.logger.log('Cache reachable again');
      reachable = true;
      void this.flushIfPending();
    });
  }

  /** Whether reads go through Redis now: connected and ready, not backing off after a failed command. */
  get reachable(): boolean {
    return this.redis?.status === 'ready' && Date.now() >= this.skipUntil;
  }

  get stats(): CatalogCacheStats {
    return { ...this.counters };
  }

  /** The cached answer of `entry`, or `load()`'s, stored for the next reader; concurrent misses share one load. */
  async read<T>(entry: CacheEntry, load: () => Promise<T>): Promise<T> {
    if (!this.redis || this.settings.ttlMs === 0) return load();
    const found = await this.lookup(entry);
    if (found === UNAVAILABLE) {
      this.counters.bypassed += 1;
      return this.coalesced(`local:${this.localGeneration}:${entry.key}`, load);
    }
    const [key, value] = found;
    if (value !== null) {
      this.counters.hits += 1;
      return JSON.parse(value) as T;
    }
    this.counters.misses += 1;
    // The load is shared until Redis has the copy: a reader whose lookup missed before the store
    // (same connection, so answered before it) joins this load rather than querying again.
    return this.coalesced(key, load, (loaded) => this.store(key, loaded));
  }

  /** After a product edit: its page, and every listing (its card, a count or its slug may have changed). */
  invalidateProduct(id: string): Promise<void> {
    return this.invalidate([`product:${id}`, 'listings']);
  }

  /** After stock moved: each product's page and its category's pages (stock and the in-stock badge are on both). */
  invalidateStock(products: readonly { id: string; categoryId: string }[]): Promise<void> {
    if (products.length === 0) return Promise.resolve();
    const categories = new Set(products.map(({ categoryId }) => categoryId));
    return this.invalidate([...products.map(({ id }) => `product:${id}` as const), ...[...categories].map((id) => `category:${id}` as const)]);
  }

  /** Everything cached so far is ignored from now on. */
  invalidateAll(): Promise<void> {
    return this.invalidate(['all']);
  }

  private async invalidate(generations: (CacheGeneration | 'all')[]): Promise<void> {
    this.localGeneration += 1;
    if (!this.redis) return;
    try {
      const transaction = this.redis.multi();
      for (const generation of generations) transaction.incr(this.generationKey(generation));
      const results = await transaction.exec();
      const failed = results?.find(([error]) => error)?.[0];
      if (!results || failed) throw failed ?? new Error('transaction aborted');
      this.counters.invalidations += 1;
    } catch (error) {
      this.counters.errors += 1;
      this.flushPending = true;
      this.logger.warn({ generations, err: (error as Error).message }, 'Cache invalidation not stored: this instance bypasses the cache until it has flushed it');
    }
  }

  private async lookup(entry: CacheEntry): Promise<[string, string | null] | typeof UNAVAILABLE> {
    const redis = this.redis as LookupRedis;
    if (redis.status !== 'ready' || Date.now() < this.skipUntil) return UNAVAILABLE;
    if (this.flushPending && !(await this.flushIfPending())) return UNAVAILABLE;
    const generations = (['all', ...entry.dependsOn] as const).map((generation) => this.generationKey(generation));
    try {
      return await redis.catalogCacheLookup(generations.length, ...generations, `${this.settings.prefix}e:${entry.key}`);
    } catch (error) {
      this.failed(error);
      return UNAVAILABLE;
    }
  }

  private coalesced<T>(key: string, load: () => Promise<T>, keepUntil?: (loaded: T) => Promise<unknown>): Promise<T> {
    const flight = this.flights.run(key, load, keepUntil);
    if (flight.leader) this.counters.loads += 1;
    return flight.value;
  }

  /** Not awaited by the reader, who has its answer; a store that fails only means the next reader loads again. */
  private async store(key: string, value: unknown): Promise<void> {
    let copy: string;
    try {
      copy = JSON.stringify(value);
    } catch (error) {
      this.counters.errors += 1;
      this.logger.warn({ key, err: (error as Error).message }, 'A loaded value could not be cached: it is not JSON');
      return;
    }
    await this.redis?.set(key, copy, 'PX', this.settings.ttlMs).catch((error: unknown) => this.failed(error));
  }

  /** True when nothing is pending any more. */
  private async flushIfPending(): Promise<boolean> {
    if (!this.flushPending || !this.redis) return true;
    try {
      await this.redis.incr(this.generationKey('all'));
      this.flushPending = false;
      this.logger.log('Cache flushed after a lost invalidation; reading through it again');
      return true;
    } catch (error) {
      this.failed(error);
      return false;
    }
  }

  private failed(error: unknown): void {
    this.counters.errors += 1;
    this.skipUntil = Date.now() + BACKOFF_MS;
    this.logger.debug({ err: (error as Error)?.message }, 'Cache command failed; reading from the database');
  }

  private generationKey(generation: CacheGeneration | 'all'): string {
    return `${this.settings.prefix}g:${generation}`;
  }
}
