import { settingsFor } from './bench.settings';
import { BenchSession } from './bench.session';
import { BenchmarkResult, implausibleCells } from './report/result-row';

/**
 * The benchmark's smoke mode, as part of the test command: every benchmark runs for a few seconds
 * against the real servers and the built services and must produce numbers. No figure is judged:
 * speed on a shared machine is what `npm run bench` reports, not a test.
 */
describe('benchmarks (smoke mode: each runs and measures)', () => {
  const session = new BenchSession(settingsFor('smoke'));

  beforeAll(() => session.open(), 30_000);
  afterAll(() => session.close(), 60_000);

  /** Every figure of every row is a number, or a text of numbers ("12.5 / 40"), none negative and not all zero. */
  function expectNumbers(result: BenchmarkResult): void {
    expect(result.rows.length).toBeGreaterThan(0);
    const problems = result.rows.flatMap((row) => implausibleCells(row).map((value) => `${result.name} / ${row.figure}: ${value}`));
    expect(problems).toEqual([]);
  }

  it('start-up: boots each service and the stack, timed', async () => {
    const result = await session.run('start-up');
    expectNumbers(result);
  }, 240_000);

  it('memory: reads every service at idle and after requests, and the servers', async () => {
    const result = await session.run('memory');
    expectNumbers(result);
    expect(result.rows.map((row) => row.figure)).toEqual(expect.arrayContaining([expect.stringMatching(/^gateway RSS/), expect.stringMatching(/^native stack total/)]));
  }, 120_000);

  it('browse: the gateway and the bare driver answer the same page, both measured', async () => {
    expectNumbers(await session.run('browse'));
  }, 120_000);

  it('cache: the cached pair and the bare driver answer the same pages, both measured, and the load generator\'s mix counted', async () => {
    const result = await session.run('cache');
    expectNumbers(result);
    expect(result.rows.map((row) => row.figure)).toEqual(expect.arrayContaining([expect.stringMatching(/^category list, \d+ concurrent: failed/), expect.stringMatching(/^hit ratio/)]));
  }, 240_000);

  it('add to cart: the gateway and bare ioredis answer the same cart, both measured', async () => {
    expectNumbers(await session.run('add to cart'));
  }, 120_000);

  it('checkout: orders reach CONFIRMED on Kafka and the bare round trip completes', async () => {
    expectNumbers(await session.run('checkout'));
  }, 180_000);

  it('tracing: spans reach the receiver while traced and untraced browse are measured', async () => {
    expectNumbers(await session.run('tracing'));
  }, 180_000);
});
