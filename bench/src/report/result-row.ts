import type { Verdict } from './verdict';

/** One line of the final table: a figure of Bazaar, the baseline's where there is one, and the goal. */
export interface ResultRow {
  benchmark: string;
  figure: string;
  bazaar: number | string;
  baseline?: number | string;
  /** Bazaar over baseline (or, for tracing, on over off). */
  ratio?: number;
  /** The ratio of each repetition (Bazaar's i-th over the baseline's i-th, as they alternated). */
  repetitionRatios?: number[];
  /** How far those stray from their median, ± per cent (see report/verdict). */
  spreadPercent?: number;
  goal?: string;
  met?: boolean;
  /** `met`, unless the spread makes the result unstable (see report/verdict). */
  verdict?: Verdict;
}

export interface BenchmarkResult<F = unknown> {
  name: string;
  /** Everything measured, for bench/results/latest.json. */
  figures: F;
  rows: ResultRow[];
}

/** The cells every table shows of a row, as text. */
export const cell = {
  value: (value: number | string | undefined) => (value === undefined ? '' : String(value)),
  ratio: (row: Pick<ResultRow, 'ratio'>) => (row.ratio === undefined ? '' : `${row.ratio}×`),
  spread: (row: Pick<ResultRow, 'spreadPercent'>) => (row.spreadPercent === undefined ? '' : `±${row.spreadPercent} %`),
  verdict: (row: Pick<ResultRow, 'met' | 'verdict'>) => row.verdict ?? (row.met === undefined ? '' : row.met ? 'yes' : 'no'),
};

/**
 * The numbers a figure's cell holds: the cell itself, or those in a text like "12.5 / 40; 3 ms".
 * Quoted names (span names carry a run's topic prefix such as "bench-mx4ln7e4-8373") and digits
 * inside words are not figures; a hyphen after a word ("order-2") is not a minus sign.
 */
export function numbersIn(value: number | string): number[] {
  if (typeof value === 'number') return [value];
  const unquoted = value.replace(/"[^"]*"/g, '');
  return (unquoted.match(/(?<![\w.])-?\d+(\.\d+)?/g) ?? []).map(Number);
}

/** The cells of a row that do not hold a measurement: no number, a negative or non-finite one, or only zeros. */
export function implausibleCells(row: ResultRow): string[] {
  return [row.bazaar, row.baseline, row.ratio]
    .filter((value): value is number | string => value !== undefined)
    .filter((value) => {
      const numbers = numbersIn(value);
      return numbers.length === 0 || numbers.some((number) => !Number.isFinite(number) || number < 0) || numbers.every((number) => number === 0);
    })
    .map(String);
}

/** The rows as an aligned plain-text table. */
export function formatTable(rows: readonly ResultRow[]): string {
  const header = ['benchmark', 'figure', 'bazaar', 'baseline', 'ratio', 'spread', 'goal', 'met'];
  const cells = rows.map((row) => [
    row.benchmark,
    row.figure,
    cell.value(row.bazaar),
    cell.value(row.baseline),
    cell.ratio(row),
    cell.spread(row),
    row.goal ?? '',
    // Capitals make a miss stand out in a terminal.
    cell.verdict(row).replace(/^no\b/, 'NO'),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((line) => line[column].length)));
  const line = (values: string[]) => values.map((value, column) => value.padEnd(widths[column])).join('  ').trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...cells.map(line)].join('\n');
}
