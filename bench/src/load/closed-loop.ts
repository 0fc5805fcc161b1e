import { median, percentile, round } from './stats';

export interface LatencyFigures {
  /** Completed operations per second over the run. */
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  completed: number;
}

/**
 * `concurrency` workers each repeat `operation` back to back for `seconds` (a closed loop: a new
 * operation starts only when the worker's previous one ended). The operation returns the latency
 * it measured, which may cover only part of it (e.g. checkout to confirmation, not the cart fill).
 */
export async function closedLoop(concurrency: number, seconds: number, operation: () => Promise<number>): Promise<LatencyFigures> {
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const latencies: number[] = [];
  const worker = async () => {
    while (performance.now() < deadline) latencies.push(await operation());
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsedSeconds = (performance.now() - started) / 1000;
  return {
    perSecond: round(latencies.length / elapsedSeconds),
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    completed: latencies.length,
  };
}

export function medianLatencyFigures(runs: readonly LatencyFigures[]): LatencyFigures {
  const of = (pick: (figures: LatencyFigures) => number) => round(median(runs.map(pick)));
  return { perSecond: of((f) => f.perSecond), p50Ms: of((f) => f.p50Ms), p99Ms: of((f) => f.p99Ms), completed: runs.reduce((total, f) => total + f.completed, 0) };
}
