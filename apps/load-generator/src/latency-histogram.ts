/** Latencies above this are counted in the last bucket. */
const MAX_MS = 60_000;

/**
 * Request latencies at 1 ms resolution in fixed memory (one counter per millisecond), so a run
 * that lasts for days reports exact percentiles without keeping every sample.
 */
export class LatencyHistogram {
  private readonly counts = new Uint32Array(MAX_MS + 1);
  private total = 0;

  record(ms: number): void {
    this.counts[Math.min(MAX_MS, Math.max(0, Math.round(ms)))]++;
    this.total++;
  }

  get count(): number {
    return this.total;
  }

  /** The nearest-rank percentile (p in (0, 100]): the smallest latency at or below which p% of requests fall. */
  percentile(p: number): number {
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil((p / 100) * this.total));
    let seen = 0;
    for (let ms = 0; ms <= MAX_MS; ms++) {
      seen += this.counts[ms];
      if (seen >= rank) return ms;
    }
    return MAX_MS;
  }

  add(other: LatencyHistogram): void {
    for (let ms = 0; ms <= MAX_MS; ms++) this.counts[ms] += other.counts[ms];
    this.total += other.total;
  }
}
