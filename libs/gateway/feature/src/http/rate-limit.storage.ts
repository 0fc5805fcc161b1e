import { Logger, OnModuleDestroy } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import type Redis from 'ioredis';

type Increment = ThrottlerStorage['increment'];

const INCREMENT_COMMAND = 'rateLimitIncrement';
type Counted = [totalHits: number, timeToExpireMs: number, isBlocked: 0 | 1, timeToBlockExpireMs: number];
type WithIncrement = Redis & Record<typeof INCREMENT_COMMAND, (hitKey: string, blockKey: string, throttlerName: string, ttl: number, limit: number, blockDuration: number) => Promise<Counted>>;

/**
 * @nest-lab/throttler-storage-redis's counting (its Lua script, its keys, so replicas running the
 * library's own increment share the counters), sent by its SHA: the library sends the whole script
 * with EVAL on every request (~900 bytes written, and hashed again by Redis, on every API call).
 * ioredis sends EVALSHA and falls back to EVAL once when Redis does not know the script (NOSCRIPT,
 * e.g. after a restart).
 */
class ScriptByShaStorage extends ThrottlerStorageRedisService {
  constructor(redisUrl: string, options: ConstructorParameters<typeof ThrottlerStorageRedisService>[1]) {
    super(redisUrl, options);
    (this.redis as Redis).defineCommand(INCREMENT_COMMAND, { numberOfKeys: 2, lua: this.scriptSrc });
  }

  override async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string) {
    const scope = `{${key}:${throttlerName}}`;
    const [totalHits, timeToExpireMs, isBlocked, timeToBlockExpireMs] = await (this.redis as WithIncrement)[INCREMENT_COMMAND](`${scope}:hits`, `${scope}:blocked`, throttlerName, ttl, limit, blockDuration);
    return { totalHits, timeToExpire: Math.ceil(timeToExpireMs / 1000), isBlocked: isBlocked === 1, timeToBlockExpire: Math.ceil(timeToBlockExpireMs / 1000) };
  }
}

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
    this.redis = new ScriptByShaStorage(redisUrl, { maxRetriesPerRequest: 1, commandTimeout: 500, keyPrefix: 'rate-limit:' });
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
