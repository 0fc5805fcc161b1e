import { median, percentile, round } from './stats';

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
});
