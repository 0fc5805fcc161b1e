import { median, percentile, round, spreadPercent } from './stats';

describe('stats', () => {
  it('takes the middle value, whatever the order', () => {
    expect(median([30, 10, 20])).toBe(20);
    expect(median([5])).toBe(5);
  });

  it('takes nearest-rank percentiles', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile([7, 3], 99)).toBe(7);
  });

  it('refuses an empty sample instead of inventing a number', () => {
    expect(() => median([])).toThrow('no values');
  });

  it('rounds to three significant figures', () => {
    expect(round(1234.5)).toBe(1230);
    expect(round(0.98765)).toBe(0.988);
    expect(round(0)).toBe(0);
  });

  it('gives the spread as the furthest repetition from the median, in ± per cent of it', () => {
    expect(spreadPercent([0.9, 1, 1.05])).toBe(10);
    expect(spreadPercent([1.05, 1, 0.98])).toBe(5);
    expect(spreadPercent([0.75, 0.75, 0.75])).toBe(0);
    expect(spreadPercent([0.5, 1, 1.2])).toBe(50);
  });

  it('has no spread for a single repetition or a zero median', () => {
    expect(spreadPercent([0.8])).toBeUndefined();
    expect(spreadPercent([])).toBeUndefined();
    expect(spreadPercent([0, 0, 1])).toBeUndefined();
  });
});
