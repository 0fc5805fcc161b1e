/** One line of the final table: a figure of Bazaar, the baseline's where there is one, and the goal. */
export interface ResultRow {
  benchmark: string;
  figure: string;
  bazaar: number | string;
  baseline?: number | string;
  /** Bazaar over baseline (or, for tracing, on over off). */
  ratio?: number;
  goal?: string;
  met?: boolean;
}

export interface BenchmarkResult<F = unknown> {
  name: string;
  /** Everything measured, for bench/results/latest.json. */
  figures: F;
  rows: ResultRow[];
}

/** The rows as an aligned plain-text table. */
export function formatTable(rows: readonly ResultRow[]): string {
  const header = ['benchmark', 'figure', 'bazaar', 'baseline', 'ratio', 'goal', 'met'];
  const cells = rows.map((row) => [
    row.benchmark,
    row.figure,
    String(row.bazaar),
    row.baseline === undefined ? '' : String(row.baseline),
    row.ratio === undefined ? '' : `${row.ratio}×`,
    row.goal ?? '',
    row.met === undefined ? '' : row.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((line) => line[column].length)));
  const line = (values: string[]) => values.map((value, column) => value.padEnd(widths[column])).join('  ').trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...cells.map(line)].join('\n');
}

/** The same rows as a Markdown table, for docs/performance.md. */
export function formatMarkdown(rows: readonly ResultRow[]): string {
  const escape = (value: string) => value.replace(/\|/g, '\\|');
  const lines = rows.map((row) =>
    [row.benchmark, row.figure, String(row.bazaar), row.baseline ?? '', row.ratio === undefined ? '' : `${row.ratio}×`, row.goal ?? '', row.met === undefined ? '' : row.met ? 'yes' : '**no**']
      .map((value) => escape(String(value)))
      .join(' | '),
  );
  return ['| benchmark | figure | Bazaar | baseline | ratio | goal | met |', '| --- | --- | ---: | ---: | ---: | --- | --- |', ...lines.map((line) => `| ${line} |`)].join('\n');
}
