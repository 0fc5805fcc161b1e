import { isError, LoadStats } from './load-stats';
import { ShopperOutcome } from './shopper';

const outcome = (status: number, ms: number, problem?: string): ShopperOutcome => ({
  status,
  ms,
  body: undefined,
  problem,
  action: 'browse',
  request: 'GET /api/products',
});

describe('isError', () => {
  it.each([
    [200, false],
    [202, false],
    [409, false],
    [0, true],
    [400, true],
    [429, true],
    [503, true],
  ])('status %i → %s', (status, expected) => {
    expect(isError({ status })).toBe(expected);
  });
});

describe('LoadStats', () => {
  it('summarises a window, then starts a new one, and keeps the totals', () => {
    const stats = new LoadStats();
    [outcome(200, 10), outcome(200, 20), outcome(409, 30, 'OUT_OF_STOCK'), outcome(503, 40, 'SERVICE_UNAVAILABLE')].forEach((o) => stats.record(o));
    expect(stats.windowLine(5, 2, 1)).toBe('[load]     5s  2.0 req/s  errors 1  conflicts 1  p50 20 ms  p99 40 ms  in flight 1');
    stats.record(outcome(200, 5));
    expect(stats.windowLine(10, 1, 0)).toContain('1.0 req/s  errors 0  conflicts 0  p50 5 ms');
    expect(stats.finalLine(10)).toBe('[load] done after 10.0s: 5 requests, 0.5 req/s  errors 1  conflicts 1  p50 20 ms  p99 40 ms');
    expect(stats.topProblems()).toEqual(['1 × GET /api/products → 409 OUT_OF_STOCK', '1 × GET /api/products → 503 SERVICE_UNAVAILABLE']);
  });
});
