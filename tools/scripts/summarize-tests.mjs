#!/usr/bin/env node
// Totals every suite of one run into the closing line `N passed, N failed, N skipped`.
// Usage: summarize-tests.mjs <results-dir> <expected-result-name>... [--check name=pass|fail]...
// A suite that was expected but left no result file counts as one failure, so a crashed runner
// cannot pass silently.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, ...args] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
const problems = [];

for (let i = 0; i < args.length; i++) {
  if (args[i] === '--check') {
    const [name, outcome] = args[++i].split('=');
    if (outcome === 'pass') passed++;
    else {
      failed++;
      problems.push(`${name} failed`);
    }
    continue;
  }
  const file = join(dir, `${args[i]}.json`);
  if (!existsSync(file)) {
    failed++;
    problems.push(`${args[i]}: no results (the runner crashed or did not start)`);
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests + report.numRuntimeErrorTestSuites;
  skipped += report.numPendingTests + report.numTodoTests;
  if (report.numFailedTests || report.numRuntimeErrorTestSuites) {
    problems.push([`${args[i]}: ${report.numFailedTests} failed, ${report.numRuntimeErrorTestSuites} suites could not run`, ...failureDetails(report)].join('\n'));
  }
}

// The failing tests by name with the head of their message, so a CI log that keeps only the end
// of the output still says what failed and why.
function failureDetails(report) {
  const details = [];
  for (const suite of report.testResults ?? []) {
    const failed = (suite.assertionResults ?? []).filter((test) => test.status === 'failed');
    for (const test of failed) details.push(`    ${suite.name}\n      ✕ ${test.fullName}\n${indent(head(test.failureMessages.join('\n')))}`);
    if (!failed.length && suite.status === 'failed') details.push(`    ${suite.name}\n${indent(head(suite.message))}`);
  }
  return details;
}

function head(text) {
  // eslint-disable-next-line no-control-regex
  return (text ?? '').replace(/\x1b\[[0-9;]*m/g, '').split('\n').filter((line) => line.trim()).slice(0, 12).join('\n');
}

function indent(text) {
  return text.split('\n').map((line) => `        ${line}`).join('\n');
}

if (problems.length) console.log(`\nFailures:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
if (passed + failed === 0) console.log('\nNo test ran: that is a failure.');
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
