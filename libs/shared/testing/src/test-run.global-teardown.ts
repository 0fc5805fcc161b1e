import { serverAddress } from './test-servers';
import { deleteRegisteredTopics, TEST_NAMES_FILE_VARIABLE } from './test-topics';

/** Jest's global teardown (jest.preset.cjs): deletes the topics and groups the run's tests noted, so a developer's Kafka does not grow run after run. */
export default async function globalTeardown(): Promise<void> {
  const file = process.env[TEST_NAMES_FILE_VARIABLE];
  if (!file) return;
  const deleted = await deleteRegisteredTopics(file, serverAddress('kafka'));
  if (deleted.length > 0) console.log(`deleted this run's ${deleted.length} Kafka topics`);
}
