import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
// Deleting topics is done from outside the services, as bench does: not through the messaging lib,
// whose module this library may not import (type:testing depends only on util and contracts).
// eslint-disable-next-line no-restricted-imports
import { Kafka, logLevel } from 'kafkajs';

/**
 * The file where a Jest run's tests note the names their topics and consumer groups start with;
 * set by the global setup (libs/shared/testing/jest/global-setup.cjs) and inherited by the workers.
 */
export const TEST_NAMES_FILE_VARIABLE = 'BAZAAR_TEST_NAMES_FILE';

/**
 * Notes that topics and consumer groups starting with `prefix` are this test run's, so the run's
 * global teardown deletes them. Outside a Jest run (no file), nothing is noted.
 */
export function registerTestTopics(prefix: string): void {
  const file = process.env[TEST_NAMES_FILE_VARIABLE];
  if (file) appendFileSync(file, `${prefix}\n`);
}

/** The prefixes noted in `file`, each once. */
export function registeredPrefixes(file: string): string[] {
  if (!existsSync(file)) return [];
  return [...new Set(readFileSync(file, 'utf8').split('\n').filter(Boolean))];
}

/** Those of `names` that start with one of `prefixes`. */
export function ownedBy(prefixes: string[], names: string[]): string[] {
  return names.filter((name) => prefixes.some((prefix) => name.startsWith(prefix)));
}

/**
 * Deletes the topics and consumer groups on `brokers` whose names start with a prefix noted in
 * `file`, then the file. Cleaning up never fails a test run: with no broker listening there is
 * nothing to delete, and a broker that fails otherwise is left as it is (said on `warn`).
 * Returns the topics deleted.
 */
export async function deleteRegisteredTopics(file: string, brokers: string, warn: (line: string) => void = console.warn): Promise<string[]> {
  const prefixes = registeredPrefixes(file);
  rmSync(file, { force: true });
  if (prefixes.length === 0) return [];
  const kafka = new Kafka({ clientId: 'test-cleanup', brokers: brokers.split(','), connectionTimeout: 2000, requestTimeout: 30000, retry: { retries: 1 }, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const topics = ownedBy(prefixes, await admin.listTopics());
    // In slices: one request naming thousands of topics can outlast the request timeout.
    for (let i = 0; i < topics.length; i += 200) await admin.deleteTopics({ topics: topics.slice(i, i + 200), timeout: 30000 });
    const groups = ownedBy(prefixes, (await admin.listGroups()).groups.map(({ groupId }) => groupId));
    if (groups.length > 0) await admin.deleteGroups(groups).catch(() => undefined);
    return topics;
  } catch (error) {
    // No broker listening (unit tests run before the servers start): nothing of this run's is there.
    if (!/ECONNREFUSED/.test((error as Error).message)) warn(`test topics not deleted from ${brokers}: ${(error as Error).message}`);
    return [];
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
