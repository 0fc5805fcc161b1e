import { spreadPercent } from '../load/stats';
import { ResultRow } from './result-row';

/** A ratio whose repetitions stray further than this from their median is not quoted as met (#16). */
export const STABLE_WITHIN_PERCENT = 10;

/**
 * What the table says of a goal: `yes` / `no`; and where the repetitions spread wider than
 * ±STABLE_WITHIN_PERCENT, `unstable` (it would have been met) or `no (unstable)` (it was missed
 * anyway), so an unstable result is never quoted as met.
 */
export type Verdict = 'yes' | 'no' | 'unstable' | 'no (unstable)';

export function verdict(met: boolean | undefined, spread: number | undefined): Verdict | undefined {
  if (met === undefined) return undefined;
  const unstable = spread !== undefined && spread > STABLE_WITHIN_PERCENT;
  if (met) return unstable ? 'unstable' : 'yes';
  return unstable ? 'no (unstable)' : 'no';
}

/** The row with the spread of its repetition ratios and its verdict, as the report writes it. */
export function judged(row: ResultRow): ResultRow {
  const spread = row.repetitionRatios ? spreadPercent(row.repetitionRatios) : undefined;
  const judgement = verdict(row.met, spread);
  return { ...row, ...(spread !== undefined && { spreadPercent: spread }), ...(judgement && { verdict: judgement }) };
}
