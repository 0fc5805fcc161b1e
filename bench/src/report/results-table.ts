import type { MachineInfo, Versions } from './machine';
import { cell, ResultRow } from './result-row';
import { judged } from './verdict';

/** What `npm run bench` writes to bench/results/*.json (the parts the docs table reads). */
export interface BenchReport {
  date: string;
  mode: 'full' | 'smoke';
  /** The benchmarks run, when `--only` chose some. */
  only?: string[];
  machine: MachineInfo;
  versions: Versions;
  table: ResultRow[];
}

/** Shown where the before run has no such row. */
export const MISSING = '—';

/**
 * A row's identity across runs: its benchmark and figure without the parenthesised details that
 * carry measurements (e.g. "warm stack to ready s (infra 10.7 + …)").
 */
export function rowKey(row: Pick<ResultRow, 'benchmark' | 'figure'>): string {
  return `${row.benchmark}|${row.figure.replace(/\s*\([^()]*\)/g, '').trim()}`;
}

/**
 * The docs table: every row of the `after` run beside the same row of the `before` run. The
 * after figure comes right after the figure's name because deploy's checks read the memory rows
 * as `| memory | <service> RSS MB, idle → after N requests | <idle> → <loaded> |`
 * (deploy/src/support/measured-memory.ts): container limits follow the latest run.
 */
export function resultsTable(after: readonly ResultRow[], before: readonly ResultRow[] | undefined): string {
  const earlier = new Map((before ?? []).map((row) => [rowKey(row), row]));
  const beforeCell = (row: ResultRow) => {
    const then = earlier.get(rowKey(row));
    if (!then) return MISSING;
    return then.ratio === undefined ? cell.value(then.bazaar) : `${then.bazaar} (${cell.ratio(then)})`;
  };
  const escape = (value: string) => value.replace(/\|/g, '\\|');
  const lines = after.map(judged).map((row) =>
    [row.benchmark, row.figure, cell.value(row.bazaar), beforeCell(row), cell.value(row.baseline), cell.ratio(row), cell.spread(row), row.goal ?? '', boldMiss(cell.verdict(row))].map(escape).join(' | '),
  );
  return [
    '| benchmark | figure | after | before | baseline | ratio | spread | goal | met |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |',
    ...lines.map((line) => `| ${line} |`),
  ].join('\n');
}

const boldMiss = (verdict: string) => (verdict === 'yes' || verdict === '' ? verdict : `**${verdict}**`);

/** One line on the run: when, where, on what, and how busy the machine was. */
export function runHeader(report: BenchReport, file: string): string {
  const { machine, versions } = report;
  const servers = [`Kafka ${versions.kafka}`, `FerretDB ${versions.ferretdb}`, `Redis ${versions.redis}`, ...(versions.jaeger ? [`Jaeger ${versions.jaeger}`] : [])].join(', ');
  const load = `load average ${machine.loadAverageAtStart} at the start, ${machine.loadAverageAtEnd ?? 'not recorded'} at the end`;
  return `Run of ${report.date.slice(0, 16).replace('T', ' ')} UTC (\`${file}\`): ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGb} GB, Linux ${machine.kernel}; Node ${versions.node}, npm ${versions.npm}; ${servers}; ${load}.`;
}
