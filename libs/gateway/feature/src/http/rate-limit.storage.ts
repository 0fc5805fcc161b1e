import { Logger, OnModuleDestroy } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';

type Increment = ThrottlerStorage['increment'];

/**
 * The rate limits' counters in Redis, shared by every gateway replica (an in-memory store gives
 * each replica a full allowance of its own). Fails open: while Redis is unreachable requests are
 * not limited, so a Redis outage does not take the store down; each refusal to count is logged.
 */
export class SharedRateLimitStorage implements ThrottlerStorage, OnModuleDestroy {
  private readonly logger = new Logger('RateLimit');
  private readonly redis: ThrottlerStorageRedisService;

  constructor(redisUrl: string) {
    // A short deadline: while Redis is away a request waits at most 500 ms for it, then goes unlimited.
    this.redis = new ThrottlerStorageRedisService(redisUrl, { maxRetriesPerRequest: 1, commandTimeout: 500, keyPrefix: 'rate-limit:' });
  }

  increment: Increment = async (key, ttl, limit, blockDuration, throttlerName) => {
    try {
      return await this.redis.increment(key, ttl, limit, blockDuration, throttlerName);
    } catch (error) {
      this.logger.warn(`Rate limit not applied, Redis unreachable: ${(error as Error).message}`);
      return { totalHits: 0, timeToExpire: Math.ceil(ttl / 1000), isBlocked: false, timeToBlockExpire: 0 };
    }
  };

  onModuleDestroy(): void {
    this.redis.onModuleDestroy();
  }
}
