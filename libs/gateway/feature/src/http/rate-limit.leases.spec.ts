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

  it(`keeps at most ${MAX_LEASES} leases: at the bound, drops the ended ones, then the oldest down to 90 %`, () => {
    const leases = new RateLimitLeases();
    leases.keep('oldest live', window(1, 10, 60_000), 0);
    for (let i = 0; i < MAX_LEASES - 2; i++) leases.keep(`client ${i}`, window(1, 10, 60_000), 0);
    leases.keep('ended', window(1, 10, 100), 0);
    expect(leases.size).toBe(MAX_LEASES);

    leases.keep('newest', window(1, 10, 60_000), 200);
    expect(leases.size).toBe(Math.ceil(MAX_LEASES * 0.9));
    expect(leases.take('oldest live', 200)).toBeUndefined();
    expect(leases.take(`client ${MAX_LEASES - 3}`, 200)?.totalHits).toBe(2);
    expect(leases.take('newest', 200)?.totalHits).toBe(2);
  });
});
