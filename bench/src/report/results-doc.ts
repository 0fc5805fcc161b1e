import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { BenchReport, resultsTable, runHeader } from './results-table';

export const RESULTS_START = '<!-- results:start -->';
export const RESULTS_END = '<!-- results:end -->';

export interface ResultsRun {
  report: BenchReport;
  /** Where it was read from or written to, as the doc names it (relative to the repository). */
  file: string;
}

/**
 * What goes between the results markers of docs/performance.md: the run, the before run, and the
 * table. When the before run is the after run too (the doc generated before any new run), it says
 * so instead of presenting its figures as an after.
 */
export function resultsBlock(after: ResultsRun, before?: ResultsRun): string {
  const notYetRun = before !== undefined && before.file === after.file;
  const lines = [
    notYetRun ? `**After: not yet run.** Both columns show the before run; \`npm run bench\` replaces this block.` : undefined,
    runHeader(after.report, after.file),
    before && !notYetRun ? `Before: ${runHeader(before.report, before.file).replace(/^Run/, 'the run')}` : undefined,
    before ? undefined : 'Before: no before run given.',
    '',
    resultsTable(after.report.table, before?.report.table),
  ];
  return lines.filter((line) => line !== undefined).join('\n');
}

/** The document with the block between the results markers replaced; refuses a document without exactly one pair. */
export function replaceResultsBlock(doc: string, block: string): string {
  const start = doc.indexOf(RESULTS_START);
  const end = doc.indexOf(RESULTS_END);
  if (start < 0 || end < start || doc.indexOf(RESULTS_START, start + 1) >= 0 || doc.indexOf(RESULTS_END, end + 1) >= 0) {
    throw new Error(`the document needs exactly one ${RESULTS_START} … ${RESULTS_END} block`);
  }
  return `${doc.slice(0, start + RESULTS_START.length)}\n${block.trim()}\n${doc.slice(end)}`;
}

/** Reads a results file written by `npm run bench`. */
export function readResults(path: string, root: string): ResultsRun {
  const report = JSON.parse(readFileSync(path, 'utf8')) as BenchReport;
  if (!Array.isArray(report.table) || !report.machine || !report.versions) throw new Error(`${path} is not a results file of npm run bench (no table, machine or versions)`);
  return { report, file: relative(root, path) };
}

/** Rewrites the results block of `docPath` from the after run and the before run; only full runs' figures are worth quoting. */
export function writeResultsDoc(docPath: string, after: ResultsRun, before?: ResultsRun): void {
  const partial = [after, before].find((run) => run && (run.report.mode !== 'full' || run.report.only));
  if (partial) throw new Error(`${partial.file} is a ${partial.report.only ? `partial (--only=${partial.report.only.join(',')})` : partial.report.mode} run: docs/performance.md quotes complete full runs only`);
  writeFileSync(docPath, replaceResultsBlock(readFileSync(docPath, 'utf8'), resultsBlock(after, before)));
}
