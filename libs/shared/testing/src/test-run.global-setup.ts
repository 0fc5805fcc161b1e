import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_NAMES_FILE_VARIABLE } from './test-topics';

/** Jest's global setup (jest.preset.cjs): this run's file of topic prefixes, inherited by its workers. */
export default function globalSetup(): void {
  process.env[TEST_NAMES_FILE_VARIABLE] = join(tmpdir(), `bazaar-test-topics-${process.pid}-${Date.now().toString(36)}`);
}
