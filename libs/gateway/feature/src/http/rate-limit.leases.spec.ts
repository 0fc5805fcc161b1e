import { MAX_LEASES, RateLimitLeases, leaseSize } from './rate-limit.leases';

const window = (firstHit: number, lastHit: number, windowEndsAt: number) => ({ granted: true as const, firstHit, lastHit, windowEndsAt });

describe('RateLimitLeases', () => {
  it('reserves 5 % of a limit, and one hit at a time under 40', () => {
    expect([leaseSize(600), leaseSize(1000), leaseSize(39), leaseSize(10), leaseSize(1)]).toEqual([30, 50, 1, 1, 1]);
  });

  it('numbers the hits of a lease after the caller’s, until the lease runs out or its window ends', () => {
    const leases = new RateLimitLeases();
    expect(leases.keep('a', window(11, 13, 5000), 0)).toEqual({ totalHits: 11, timeToExpire: 5, isBlocked: false, timeToBlockExpire: 0 });
    expect([leases.take('a', 1000)?.totalHits, leases.take('a', 1000)?.totalHits, leases.take('a', 1000)]).toEqual([12, 13, undefined]);
    leases.keep('b', window(1, 50, 5000), 0);
    expect(leases.take('b', 5000)).toBeUndefined();
  });

  it('refuses a blocked client until the block ends', () => {
    const leases = new RateLimitLeases();
    expect(leases.keep('a', { granted: false, totalHits: 101, blockedUntil: 3000 }, 0)).toMatchObject({ isBlocked: true, timeToBlockExpire: 3 });
    expect(leases.take('a', 2999)).toMatchObject({ isBlocked: true, timeToBlockExpire: 1 });
    expect(leases.take('a', 3000)).toBeUndefined();
  });

  it(`keeps at most ${MAX_LEASES} leases, dropping the ended ones first`, () => {
    const leases = new RateLimitLeases();
    leases.keep('ended', window(1, 10, 100), 0);
    leases.keep('oldest live', window(1, 10, 60_000), 0);
    for (let i = 0; i < MAX_LEASES + 100; i++) leases.keep(`client ${i}`, window(1, 10, 60_000), 200);
    expect(leases.size).toBeLessThanOrEqual(MAX_LEASES);
    expect(leases.take('ended', 200)).toBeUndefined();
    expect(leases.take(`client ${MAX_LEASES + 99}`, 200)?.totalHits).toBe(2);
  });
});
