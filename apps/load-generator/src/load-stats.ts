import { LatencyHistogram } from './latency-histogram';
import { ShopperOutcome } from './shopper';

/**
 * An answer is an error when the store failed the shopper: no answer, a 5xx, a 429, or a 4xx
 * the load generator's own valid requests should never get. A 409 (the stock ran out, a price
 * changed) is the store working as designed under load, so it is counted apart as a conflict.
 */
export function isError(outcome: Pick<ShopperOutcome, 'status'>): boolean {
  return outcome.status === 0 || (outcome.status >= 400 && outcome.status !== 409);
}

class Tally {
  requests = 0;
  errors = 0;
  conflicts = 0;
  readonly latency = new LatencyHistogram();

  record(outcome: ShopperOutcome): void {
    this.requests++;
    if (isError(outcome)) this.errors++;
    else if (outcome.status === 409) this.conflicts++;
    this.latency.record(outcome.ms);
  }
}

export class LoadStats {
  private window = new Tally();
  private readonly total = new Tally();
  private readonly problems = new Map<string, number>();
  skipped = 0;

  record(outcome: ShopperOutcome): void {
    this.window.record(outcome);
    this.total.record(outcome);
    if (outcome.problem) {
      const key = `${outcome.request} → ${outcome.status || 'no answer'} ${outcome.problem}`;
      this.problems.set(key, (this.problems.get(key) ?? 0) + 1);
    }
  }

  get errors(): number {
    return this.total.errors;
  }

  get requests(): number {
    return this.total.requests;
  }

  /** One line for the last window, then a fresh window. */
  windowLine(elapsedS: number, windowS: number, inFlight: number): string {
    const line = `[load] ${elapsedS.toFixed(0).padStart(5)}s  ${summarise(this.window, windowS)}  in flight ${inFlight}${this.skipped ? `  skipped ${this.skipped}` : ''}`;
    this.window = new Tally();
    return line;
  }

  finalLine(elapsedS: number): string {
    return `[load] done after ${elapsedS.toFixed(1)}s: ${this.total.requests} requests, ${summarise(this.total, elapsedS)}${this.skipped ? `, skipped ${this.skipped} (concurrency limit)` : ''}`;
  }

  /** The most frequent failures, so a non-zero error count says what failed. */
  topProblems(limit = 5): string[] {
    return [...this.problems.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([problem, count]) => `${count} × ${problem}`);
  }
}

function summarise(tally: Tally, seconds: number): string {
  const rate = seconds > 0 ? tally.requests / seconds : 0;
  return `${rate.toFixed(1)} req/s  errors ${tally.errors}  conflicts ${tally.conflicts}  p50 ${tally.latency.percentile(50)} ms  p99 ${tally.latency.percentile(99)} ms`;
}
