import { Logger, OnModuleDestroy } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import type Redis from 'ioredis';
import { closeRedis, createRedis, RedisTarget } from '@bazaar/shared/redis';

type Increment = ThrottlerStorage['increment'];

/**
 * The rate limits' counters in Redis, shared by every gateway replica (an in-memory store gives
 * each replica a full allowance of its own). Fails open: while Redis is unreachable requests are
 * not limited, so a Redis outage does not take the store down; each refusal to count is logged.
 */
export class SharedRateLimitStorage implements ThrottlerStorage, OnModuleDestroy {
  private readonly logger = new Logger('RateLimit');
  private readonly client: Redis;
  private readonly redis: ThrottlerStorageRedisService;

  /** `target` a redis:// URL, or Sentinels: the counters then follow a failover to the new primary. */
  constructor(target: RedisTarget) {
    // A short deadline: while Redis is away a request waits at most 500 ms for it, then goes unlimited.
    this.client = createRedis(target, { maxRetriesPerRequest: 1, commandTimeout: 500, keyPrefix: 'rate-limit:' });
    this.redis = new ThrottlerStorageRedisService(this.client);
  }

  increment: Increment = async (key, ttl, limit, blockDuration, throttlerName) => {
    try {
      return await this.redis.increment(key, ttl, limit, blockDuration, throttlerName);
    } catch (error) {
      this.logger.warn(`Rate limit not applied, Redis unreachable: ${(error as Error).message}`);
      return { totalHits: 0, timeToExpire: Math.ceil(ttl / 1000), isBlocked: false, timeToBlockExpire: 0 };
    }
  };

  /** Given a client, the library leaves it open. */
  onModuleDestroy(): Promise<void> {
    return closeRedis(this.client);
  }
}
