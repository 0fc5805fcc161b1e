import { Logger, OnModuleDestroy } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import type Redis from 'ioredis';
import { closeRedis, createRedis, RedisTarget } from '@bazaar/shared/redis';
import { leaseSize, RateLimitLeases, RateLimitRecord, Reservation } from './rate-limit.leases';

type Increment = ThrottlerStorage['increment'];

const unlimited = (ttl: number): RateLimitRecord => ({ totalHits: 0, timeToExpire: Math.ceil(ttl / 1000), isBlocked: false, timeToBlockExpire: 0 });

/**
 * Reserves up to `want` hits of the window, never past the limit: returns the hits granted and the
 * window's last hit counted, or 0 and the block's length once the limit is spent. Hits past the
 * limit block the client for the block duration, as @nest-lab/throttler-storage-redis's script
 * does, with the same keys.
 */
const RESERVE_HITS = `
local blockedFor = redis.call('PTTL', KEYS[2])
if blockedFor > 0 then return {0, blockedFor, redis.call('GET', KEYS[1]) or 0} end
local ttl, limit, blockDuration, want = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local counted = tonumber(redis.call('GET', KEYS[1]) or '0')
local windowLeft = redis.call('PTTL', KEYS[1])
if counted >= limit then
  redis.call('SET', KEYS[2], 1, 'PX', blockDuration)
  return {0, blockDuration, redis.call('INCR', KEYS[1])}
end
local granted = math.min(want, limit - counted)
local total = redis.call('INCRBY', KEYS[1], granted)
if windowLeft <= 0 then
  redis.call('PEXPIRE', KEYS[1], ttl)
  windowLeft = ttl
end
return {granted, windowLeft, total}
`;

interface ReservingRedis extends Redis {
  reserveHits(hits: string, blocked: string, ttl: number, limit: number, blockDuration: number, want: number): Promise<[number, number, number | string]>;
}

/**
 * The rate limits' counters in Redis, shared by every gateway replica (an in-memory store gives
 * each replica a full allowance of its own). A replica reserves a share of a client's limit at a
 * time (`leaseSize`) and counts it locally, so a busy client costs one Redis round trip per share
 * rather than per request, and the replicas together never admit more than the limit.
 *
 * Fails open: while Redis is unreachable requests are not limited, so a Redis outage does not take
 * the store down; each refusal to count is logged.
 */
export class SharedRateLimitStorage implements ThrottlerStorage, OnModuleDestroy {
  private readonly logger = new Logger('RateLimit');
  private readonly client: ReservingRedis;
  private readonly leases = new RateLimitLeases();
  /** One reservation in flight per client and limit; the requests arriving meanwhile wait for it (true when Redis answered). */
  private readonly reserving = new Map<string, Promise<boolean>>();

  /** `target` a redis:// URL, or Sentinels: the counters then follow a failover to the new primary. */
  constructor(target: RedisTarget) {
    // A short deadline: while Redis is away a request waits at most 500 ms for it, then goes unlimited.
    const client = createRedis(target, { maxRetriesPerRequest: 1, commandTimeout: 500, keyPrefix: 'rate-limit:' });
    client.defineCommand('reserveHits', { numberOfKeys: 2, lua: RESERVE_HITS });
    this.client = client as ReservingRedis;
  }

  increment: Increment = async (key, ttl, limit, blockDuration, throttlerName) => {
    const id = `{${key}:${throttlerName}}`;
    for (;;) {
      const record = this.leases.take(id, Date.now());
      if (record) return record;
      const pending = this.reserving.get(id);
      if (!pending) break;
      // Redis did not answer the reservation these requests waited for: they go unlimited too, at once.
      if (!(await pending)) return unlimited(ttl);
    }
    const reservation = this.reserve(id, ttl, limit, blockDuration);
    this.reserving.set(id, reservation.then((record) => record !== undefined).finally(() => this.reserving.delete(id)));
    return (await reservation) ?? unlimited(ttl);
  };

  /** The caller's hit from a new reservation, or undefined when Redis cannot be reached. */
  private async reserve(id: string, ttl: number, limit: number, blockDuration: number): Promise<RateLimitRecord | undefined> {
    try {
      const [granted, ms, total] = await this.client.reserveHits(`${id}:hits`, `${id}:blocked`, ttl, limit, blockDuration, leaseSize(limit));
      const now = Date.now();
      const totalHits = Number(total);
      const reservation: Reservation = granted > 0 ? { granted: true, firstHit: totalHits - granted + 1, lastHit: totalHits, windowEndsAt: now + ms } : { granted: false, totalHits, blockedUntil: now + ms };
      return this.leases.keep(id, reservation, now);
    } catch (error) {
      this.logger.warn(`Rate limit not applied, Redis unreachable: ${(error as Error).message}`);
      return undefined;
    }
  }

  onModuleDestroy(): Promise<void> {
    return closeRedis(this.client);
  }
}
