import type { ThrottlerStorage } from '@nestjs/throttler';

/** What the throttler guard reads for one hit (the package does not export its name). */
export type RateLimitRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * The share of a limit one gateway replica reserves from Redis at a time. It bounds how far below
 * its limit a client can be refused: each other replica may hold up to this many unused hits of
 * the window (5 % of the limit per replica), and a replica that drops a live lease (a process
 * restart, or MAX_LEASES reached under a flood of new clients) leaves its hits unused too. A limit
 * under 40 is reserved one hit at a time, so small limits (checkout's 10) stay exact.
 */
export const LEASE_SHARE_OF_LIMIT = 0.05;

/** Leases kept per replica before the expired ones are dropped (one per client address and limit). */
export const MAX_LEASES = 10_000;

export const leaseSize = (limit: number) => Math.max(1, Math.floor(limit * LEASE_SHARE_OF_LIMIT));

/** What Redis answered: hits `firstHit..lastHit` of the window, or a refusal until `blockedUntil` (the spent window's end, or a block's). */
export type Reservation = { granted: true; firstHit: number; lastHit: number; windowEndsAt: number } | { granted: false; totalHits: number; blockedUntil: number };

type Lease = { nextHit: number; lastHit: number; windowEndsAt: number } | { blockedUntil: number; totalHits: number };

const seconds = (ms: number) => Math.max(0, Math.ceil(ms / 1000));
/** A hit let through, with the seconds left of its window. */
export const admitted = (totalHits: number, windowEndsAt: number, now: number): RateLimitRecord => ({ totalHits, timeToExpire: seconds(windowEndsAt - now), isBlocked: false, timeToBlockExpire: 0 });
const refused = (totalHits: number, blockedUntil: number, now: number): RateLimitRecord => ({ totalHits, timeToExpire: seconds(blockedUntil - now), isBlocked: true, timeToBlockExpire: seconds(blockedUntil - now) });

/**
 * The hits this replica has reserved, per client and limit, counted here without a Redis round
 * trip until they run out or the window ends; and the refusals Redis has answered (a spent window,
 * a block), refused here until they end: no replica can lift either earlier, since unused hits are
 * never given back.
 */
export class RateLimitLeases {
  private readonly leases = new Map<string, Lease>();

  /** The next hit of a live lease or refusal, or undefined when Redis must be asked. */
  take(key: string, now: number): RateLimitRecord | undefined {
    const lease = this.leases.get(key);
    if (!lease) return undefined;
    if ('blockedUntil' in lease) {
      if (now < lease.blockedUntil) return refused(lease.totalHits, lease.blockedUntil, now);
    } else if (now < lease.windowEndsAt && lease.nextHit <= lease.lastHit) {
      return admitted(lease.nextHit++, lease.windowEndsAt, now);
    }
    this.leases.delete(key);
    return undefined;
  }

  /** Keeps what Redis granted (its first hit is the caller's) and answers the caller's hit. */
  keep(key: string, reservation: Reservation, now: number): RateLimitRecord {
    this.leases.delete(key);
    if (this.leases.size >= MAX_LEASES) this.prune(now);
    if (!reservation.granted) {
      const { totalHits, blockedUntil } = reservation;
      this.leases.set(key, { totalHits, blockedUntil });
      return refused(totalHits, blockedUntil, now);
    }
    const { firstHit, lastHit, windowEndsAt } = reservation;
    if (firstHit < lastHit) this.leases.set(key, { nextHit: firstHit + 1, lastHit, windowEndsAt });
    return admitted(firstHit, windowEndsAt, now);
  }

  get size(): number {
    return this.leases.size;
  }

  /**
   * Drops the ended leases, then the oldest down to 90 % of the bound, so a flood of new clients
   * scans the map once per thousand of them. A dropped lease only leaves its hits unused.
   */
  private prune(now: number): void {
    for (const [key, lease] of this.leases) {
      if (now >= ('blockedUntil' in lease ? lease.blockedUntil : lease.windowEndsAt)) this.leases.delete(key);
    }
    for (const key of this.leases.keys()) {
      if (this.leases.size < MAX_LEASES * 0.9) break;
      this.leases.delete(key);
    }
  }
}
