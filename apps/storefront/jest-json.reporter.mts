import { JsonReporter } from 'vitest/reporters';

interface FileResult {
  status: string;
  assertionResults: unknown[];
}

/**
 * Vitest's JSON report is Jest's format but one count short: test files that could not run at
 * all (a failed import), which Jest reports as numRuntimeErrorTestSuites and test-all.sh totals.
 */
export default class JestJsonReporter extends JsonReporter {
  override async writeReport(report: string): Promise<void> {
    const result = JSON.parse(report) as {
      testResults: FileResult[];
      numRuntimeErrorTestSuites?: number;
    };
    result.numRuntimeErrorTestSuites = result.testResults.filter((file) => file.status === 'failed' && file.assertionResults.length === 0).length;
    await super.writeReport(JSON.stringify(result));
  }
}
