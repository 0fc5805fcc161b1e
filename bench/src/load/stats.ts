export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile (p in 0..100) of an unsorted sample. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** Rounded for reports: 3 significant figures is all a shared 2-core machine supports. */
export function round(value: number, digits = 3): number {
  if (!Number.isFinite(value) || value === 0) return value;
  return Number(value.toPrecision(digits));
}

/**
 * How far a figure's repetitions stray from their median, as ± per cent of it: the larger of
 * (median − min) and (max − median). Undefined for fewer than two repetitions (nothing to compare).
 */
export function spreadPercent(values: readonly number[]): number | undefined {
  if (values.length < 2) return undefined;
  const middle = median(values);
  if (middle === 0) return undefined;
  const furthest = Math.max(middle - Math.min(...values), Math.max(...values) - middle);
  return round((furthest / Math.abs(middle)) * 100, 2);
}
