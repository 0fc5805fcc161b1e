import { LatencyHistogram } from './latency-histogram';

function histogramOf(values: number[]): LatencyHistogram {
  const histogram = new LatencyHistogram();
  values.forEach((value) => histogram.record(value));
  return histogram;
}

describe('LatencyHistogram', () => {
  it('gives nearest-rank percentiles', () => {
    const histogram = histogramOf(Array.from({ length: 100 }, (_, i) => i + 1)); // 1..100 ms
    expect(histogram.percentile(50)).toBe(50);
    expect(histogram.percentile(99)).toBe(99);
    expect(histogram.percentile(100)).toBe(100);
    expect(histogram.percentile(0.1)).toBe(1);
  });

  it('sees the slow tail', () => {
    const histogram = histogramOf([...Array(98).fill(10), 900, 2500]);
    expect(histogram.percentile(50)).toBe(10);
    expect(histogram.percentile(99)).toBe(900);
  });

  it('is 0 with no requests and caps what it cannot hold', () => {
    expect(new LatencyHistogram().percentile(99)).toBe(0);
    expect(histogramOf([120_000]).percentile(50)).toBe(60_000);
  });

  it('adds a window into the total', () => {
    const total = histogramOf([5, 5]);
    total.add(histogramOf([100, 100]));
    expect(total.count).toBe(4);
    expect(total.percentile(75)).toBe(100);
  });
});
