import { Logger, OnModuleDestroy } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import type Redis from 'ioredis';
import { closeRedis, createRedis, RedisTarget } from '@bazaar/shared/redis';
import { admitted, leaseSize, RateLimitLeases, RateLimitRecord, Reservation } from './rate-limit.leases';

type Increment = ThrottlerStorage['increment'];

/** Let through uncounted (Redis unreachable). */
const unlimited = (ttl: number): RateLimitRecord => admitted(0, ttl, 0);

/**
 * Reserves up to one share of the window's hits, never past the limit, and returns the hits
 * granted, the window's time left (ms) and the window's count. Once the limit is spent the client
 * is refused until the window ends (0 granted); other replicas may still hold unused hits then, so
 * only a client refused more than a share past the limit is blocked for the block duration, as
 * @nest-lab/throttler-storage-redis's script blocked it (with a share of one hit: at once), with
 * the same keys. Returns the block's time left when blocked.
 */
const RESERVE_HITS = `
local blockedFor = redis.call('PTTL', KEYS[2])
if blockedFor > 0 then return {0, blockedFor, redis.call('GET', KEYS[1]) or 0} end
local ttl, limit, blockDuration, share = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local counted = tonumber(redis.call('GET', KEYS[1]) or '0')
local granted = math.min(share, math.max(0, limit - counted))
local total = redis.call('INCRBY', KEYS[1], math.max(granted, 1))
local windowLeft = redis.call('PTTL', KEYS[1])
if windowLeft <= 0 then
  redis.call('PEXPIRE', KEYS[1], ttl)
  windowLeft = ttl
end
if granted == 0 and total - limit >= share then
  redis.call('SET', KEYS[2], 1, 'PX', blockDuration)
  return {0, blockDuration, total}
end
return {granted, windowLeft, total}
`;

interface ReservingRedis extends Redis {
  reserveHits(hits: string, blocked: string, ttl: number, limit: number, blockDuration: number, share: number): Promise<[number, number, number | string]>;
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
    const answered: Promise<boolean> = reservation.then((record) => record !== undefined).finally(() => {
      if (this.reserving.get(id) === answered) this.reserving.delete(id);
    });
    this.reserving.set(id, answered);
    return (await reservation) ?? unlimited(ttl);
  };

  /** The caller's hit from a new reservation, or undefined when Redis cannot be reached. */
  private async reserve(id: string, ttl: number, limit: number, blockDuration: number): Promise<RateLimitRecord | undefined> {
    try {
      const sent = Date.now();
      const [granted, ms, total] = await this.client.reserveHits(`${id}:hits`, `${id}:blocked`, ttl, limit, blockDuration, leaseSize(limit));
      const now = Date.now();
      const totalHits = Number(total);
      // A lease ends when Redis's window may have ended (timed from the request); a refusal lasts until it has surely ended (from the reply).
      const reservation: Reservation = granted > 0 ? { granted: true, firstHit: totalHits - granted + 1, lastHit: totalHits, windowEndsAt: sent + ms } : { granted: false, totalHits, blockedUntil: now + ms };
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
