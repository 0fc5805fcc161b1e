import { Inject, Module, OnApplicationShutdown, Optional } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import Redis from 'ioredis';
import { closeRedis, createRedis, RedisTarget, redisTarget } from '@bazaar/shared/redis';
import { CatalogCache } from './catalog-cache';

export const CATALOG_CACHE_REDIS = Symbol('CATALOG_CACHE_REDIS');
export const DEFAULT_CATALOG_CACHE_TTL_MS = 30_000;
export const DEFAULT_CATALOG_CACHE_COMMAND_TIMEOUT_MS = 300;

/**
 * A cache must never make a read slower than the database: with the offline queue off a command
 * fails at once while Redis is unreachable, and a Redis that hangs costs at most commandTimeout
 * (a command slower than that counts as a failure: the read goes to the database).
 * The client reconnects in the background forever, so the cache comes back by itself, and through
 * Sentinel it follows a failover to the new primary.
 */
export function createCatalogCacheRedis(target: RedisTarget, commandTimeoutMs = DEFAULT_CATALOG_CACHE_COMMAND_TIMEOUT_MS): Redis {
  return createRedis(target, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: commandTimeoutMs,
    connectTimeout: 2000,
    retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
  });
}

/**
 * The catalog read cache. Reads REDIS_SENTINELS (with REDIS_SENTINEL_NAME) or REDIS_URL (neither: no cache, every read goes to the database) and
 * CATALOG_CACHE_TTL_MS and CATALOG_CACHE_COMMAND_TIMEOUT_MS; keys are prefixed with the database's name (MONGO_DB), whose data they cache.
 */
@Module({
  providers: [
    {
      provide: CATALOG_CACHE_REDIS,
      inject: [ConfigService],
      useFactory: (config: ConfigService): Redis | null => {
        const target = redisTarget(config);
        return target ? createCatalogCacheRedis(target, Number(config.get('CATALOG_CACHE_COMMAND_TIMEOUT_MS') ?? DEFAULT_CATALOG_CACHE_COMMAND_TIMEOUT_MS)) : null;
      },
    },
    {
      provide: CatalogCache,
      inject: [CATALOG_CACHE_REDIS, ConfigService],
      useFactory: (redis: Redis | null, config: ConfigService) =>
        new CatalogCache(redis, {
          ttlMs: Number(config.get('CATALOG_CACHE_TTL_MS') ?? DEFAULT_CATALOG_CACHE_TTL_MS),
          prefix: `catalog-cache:${config.getOrThrow<string>('MONGO_DB')}:`,
        }),
    },
  ],
  exports: [CatalogCache],
})
export class CatalogCacheModule implements OnApplicationShutdown {
  constructor(@Optional() @Inject(CATALOG_CACHE_REDIS) private readonly redis: Redis | null) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.redis) await closeRedis(this.redis);
  }
}
