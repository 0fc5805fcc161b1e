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
