import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { settingsFor } from '../bench.settings';
import { ResultRow } from './result-row';
import { BenchReport, MISSING, resultsTable, rowKey, runHeader } from './results-table';

const beforeReport = JSON.parse(readFileSync(join(__dirname, '../../..', settingsFor('full', {}).beforeResults), 'utf8')) as BenchReport;

const cells = (line: string) => line.replace(/^\| | \|$/g, '').split(/ (?<!\\)\| /);

describe('the results table of docs/performance.md', () => {
  const after: ResultRow[] = [
    { benchmark: 'start-up', figure: 'warm stack to ready s (infra 2 + build 0.8 + services 2.4)', bazaar: 5.2, goal: '≤ 10', met: true },
    { benchmark: 'memory', figure: 'gateway RSS MB, idle → after 10000 requests', bazaar: '90 → 110', goal: '≤ 120', met: true },
    { benchmark: 'browse', figure: 'product page requests/s', bazaar: 600, baseline: 700, ratio: 0.857, repetitionRatios: [0.7, 0.857, 0.9], goal: '≥ 0.8×', met: true },
    { benchmark: 'add to cart', figure: 'requests/s', bazaar: 3000, baseline: 8000, ratio: 0.375, repetitionRatios: [0.37, 0.375, 0.38], goal: '≥ 0.8×', met: false },
    { benchmark: 'checkout', figure: 'p50 ms per step: a new | step', bazaar: '1 / 2' },
  ];
  const before: ResultRow[] = [
    { benchmark: 'start-up', figure: 'warm stack to ready s (infra 10.7 + build 0.831 + services 2.51)', bazaar: 14, goal: '≤ 30', met: true },
    { benchmark: 'memory', figure: 'gateway RSS MB, idle → after 10000 requests', bazaar: '155 → 298.4', goal: '≤ 120', met: false },
    { benchmark: 'browse', figure: 'product page requests/s', bazaar: 539, baseline: 719, ratio: 0.75, goal: '≥ 0.8×', met: false },
    { benchmark: 'add to cart', figure: 'requests/s', bazaar: 2830, baseline: 8540, ratio: 0.331, goal: '≥ 0.8×', met: false },
  ];
  const [header, , startup, memory, browse, cart, steps] = resultsTable(after, before).split('\n');

  it('has the columns of #16', () => {
    expect(cells(header)).toEqual(['benchmark', 'figure', 'after', 'before', 'baseline', 'ratio', 'spread', 'goal', 'met']);
  });

  it('finds each row\'s before by its figure, whatever measurements the figure\'s parentheses carry', () => {
    expect(rowKey(after[0])).toBe(rowKey(before[0]));
    expect(cells(startup)).toEqual(['start-up', after[0].figure, '5.2', '14', '', '', '', '≤ 10', 'yes']);
    expect(cells(browse)[3]).toBe('539 (0.75×)');
    expect(cells(steps)[3]).toBe(MISSING);
  });

  it('reports the spread and marks a goal met only by an unstable ratio as unstable, a miss in bold', () => {
    expect(cells(browse).slice(5)).toEqual(['0.857×', '±18 %', '≥ 0.8×', '**unstable**']);
    expect(cells(cart).slice(5)).toEqual(['0.375×', '±1.3 %', '≥ 0.8×', '**no**']);
  });

  it('keeps the memory rows as deploy reads them: the after figure right after the figure\'s name', () => {
    // The contract of deploy/src/support/measured-memory.ts.
    const deployRow = /^\| memory \| (\w+) RSS MB, idle → after \d+ requests \| ([\d.]+ → [\d.]+) \|/;
    expect(deployRow.exec(memory)?.slice(1)).toEqual(['gateway', '90 → 110']);
  });

  it('escapes pipes inside cells', () => {
    expect(steps).toContain('a new \\| step');
    expect(cells(steps)).toHaveLength(9);
  });

  it('renders every row of the committed before run, with each goal of #16', () => {
    const table = resultsTable(beforeReport.table, beforeReport.table).split('\n');
    expect(table).toHaveLength(beforeReport.table.length + 2);
    const goals = table.filter((line) => cells(line)[7]).map((line) => `${cells(line)[0]}: ${cells(line)[1]}`);
    for (const goal of [/^add to cart: requests\/s/, /^memory: gateway RSS MB/, /^tracing: category page/, /^tracing: product page/, /^checkout: to final p99/, /^browse: category page requests/, /^browse: product page requests/, /^cache: category page requests/, /^start-up: warm stack/, /^cache: category list, 50 concurrent: failed/, /^cache: category list, 50 concurrent: latency/]) {
      expect(goals).toEqual(expect.arrayContaining([expect.stringMatching(goal)]));
    }
    expect(table.filter((line) => cells(line)[3] === MISSING)).toEqual([]);
  });

  it('heads the table with the run: date, machine, versions and the load average at both ends', () => {
    const line = runHeader({ ...beforeReport, machine: { ...beforeReport.machine, loadAverageAtEnd: 1.9 } }, 'bench/results/x.json');
    expect(line).toBe(
      'Run of 2026-12-01 03:04 UTC (`bench/results/x.json`): AMD EPYC, 2 cores, 24 GB, Linux 6.18.44-fc-v857; Node v24.21.0, npm 11.19.1; Kafka 4.3.1, FerretDB 1.24.2, Redis 7.0.15, Jaeger 2.13.0; load average 0.51 at the start, 1.9 at the end.',
    );
    expect(runHeader(beforeReport, 'b.json')).toContain('load average 0.51 at the start, not recorded at the end');
  });
});
