import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { replaceResultsBlock, RESULTS_END, RESULTS_START, resultsBlock, ResultsRun, writeResultsDoc } from './results-doc';
import { BenchReport } from './results-table';

const report = (date: string, bazaar: number): BenchReport => ({
  date,
  mode: 'full',
  machine: { cpuModel: 'CPU', cores: 2, memoryGb: 8, kernel: '6.1', loadAverageAtStart: 0.5, loadAverageAtEnd: 1 },
  versions: { node: 'v24.21.0', npm: '11.19.1', kafka: '4.3.1', ferretdb: '1.24.2', redis: '7.0.15' },
  table: [{ benchmark: 'add to cart', figure: 'requests/s', bazaar, baseline: 1000, ratio: bazaar / 1000, goal: '≥ 0.8×', met: bazaar >= 800 }],
});
const after: ResultsRun = { report: report('2026-12-02T01:00:00.000Z', 900), file: 'bench/results/latest.json' };
const before: ResultsRun = { report: report('2026-12-01T03:04:38.159Z', 331), file: 'bench/results/before.json' };

describe('the results block of docs/performance.md', () => {
  it('names the after run, the before run, then the table', () => {
    const lines = resultsBlock(after, before).split('\n');
    expect(lines[0]).toMatch(/^Run of 2026-12-02 01:00 UTC \(`bench\/results\/latest\.json`\)/);
    expect(lines[1]).toMatch(/^Before: the run of 2026-12-01 03:04 UTC \(`bench\/results\/before\.json`\)/);
    expect(lines[2]).toBe('');
    expect(lines[5]).toBe('| add to cart | requests/s | 900 | 331 (0.331×) | 1000 | 0.9× |  | ≥ 0.8× | yes |');
  });

  it('says so when there is no after run yet, instead of passing the before run off as one', () => {
    const block = resultsBlock(before, before);
    expect(block.split('\n')[0]).toBe('**After: not yet run.** Both columns show the before run; `npm run bench` replaces this block.');
    expect(block).not.toMatch(/^Before:/m);
  });

  it('replaces only what lies between the markers', () => {
    const doc = `# Performance\n\nintro\n${RESULTS_START}\nold table\nold notes\n${RESULTS_END}\n\n## Method\n`;
    expect(replaceResultsBlock(doc, 'new block\n')).toBe(`# Performance\n\nintro\n${RESULTS_START}\nnew block\n${RESULTS_END}\n\n## Method\n`);
  });

  it('refuses a document without exactly one pair of markers', () => {
    expect(() => replaceResultsBlock('no markers', 'x')).toThrow('exactly one');
    expect(() => replaceResultsBlock(`${RESULTS_END}\n${RESULTS_START}`, 'x')).toThrow('exactly one');
    expect(() => replaceResultsBlock(`${RESULTS_START}${RESULTS_END}${RESULTS_START}${RESULTS_END}`, 'x')).toThrow('exactly one');
  });

  it('rewrites a document from full runs only: smoke figures are never quoted', () => {
    const docPath = join(mkdtempSync(join(tmpdir(), 'results-doc-')), 'performance.md');
    writeFileSync(docPath, `intro\n${RESULTS_START}\nold\n${RESULTS_END}\n`);
    const smoke: ResultsRun = { report: { ...after.report, mode: 'smoke' }, file: 'tmp/bench/smoke.json' };
    expect(() => writeResultsDoc(docPath, smoke, before)).toThrow('tmp/bench/smoke.json is a smoke run');
    const some: ResultsRun = { report: { ...after.report, only: ['browse'] }, file: 'tmp/bench/full.json' };
    expect(() => writeResultsDoc(docPath, after, some)).toThrow('tmp/bench/full.json is a partial (--only=browse) run');
    expect(readFileSync(docPath, 'utf8')).toContain('\nold\n');
    writeResultsDoc(docPath, after, before);
    expect(readFileSync(docPath, 'utf8')).toContain('| add to cart | requests/s | 900 |');
  });

  it('finds exactly one block to replace in docs/performance.md (prose must not spell out the markers)', () => {
    const doc = readFileSync(join(__dirname, '../../../docs/performance.md'), 'utf8');
    expect(() => replaceResultsBlock(doc, 'x')).not.toThrow();
  });
});
