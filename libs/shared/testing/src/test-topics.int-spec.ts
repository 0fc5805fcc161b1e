import { mkdtempSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The test creates topics the way a service would, from outside the messaging lib.
// eslint-disable-next-line no-restricted-imports
import { Kafka, logLevel } from 'kafkajs';
import { eventually } from './eventually';
import { requireServer, uniqueName } from './test-servers';
import { deleteRegisteredTopics, registerTestTopics, TEST_NAMES_FILE_VARIABLE } from './test-topics';

describe('the topics a test run created are deleted when it ends', () => {
  let brokers: string;
  let kafka: Kafka;
  beforeAll(async () => {
    brokers = await requireServer('kafka');
    kafka = new Kafka({ clientId: 'test-topics-spec', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  });

  it('runs its workers with the file the global setup named (jest.preset.cjs)', () => {
    expect(process.env[TEST_NAMES_FILE_VARIABLE]).toMatch(/bazaar-test-topics-/);
  });

  it('deletes the topics and groups starting with a noted prefix, and nothing else', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'bazaar-topics-')), 'names');
    const mine = `${uniqueName('it-cleanup')}.`;
    const other = uniqueName('it-kept');
    const admin = kafka.admin();
    await admin.connect();
    try {
      const created = [`${mine}orders.v1`, `${mine}stock.v1`, other];
      // Not `waitForLeaders`: kafkajs retries only LEADER_NOT_AVAILABLE there, and a broker whose
      // metadata lags the controller answers UNKNOWN_TOPIC_OR_PARTITION first (a failed CI run).
      await admin.createTopics({ topics: created.map((topic) => ({ topic, numPartitions: 1 })) });
      await eventually(() => admin.fetchTopicMetadata({ topics: created }).then((metadata) => (metadata.topics.every((topic) => topic.partitions.every((partition) => partition.leader >= 0)) ? true : undefined), () => undefined), 'the new topics to have leaders');
      const saved = process.env[TEST_NAMES_FILE_VARIABLE];
      process.env[TEST_NAMES_FILE_VARIABLE] = file;
      registerTestTopics(mine);
      process.env[TEST_NAMES_FILE_VARIABLE] = saved;

      expect((await deleteRegisteredTopics(file, brokers)).sort()).toEqual([`${mine}orders.v1`, `${mine}stock.v1`]);
      const left = await admin.listTopics();
      expect(left.filter((topic) => topic.startsWith(mine))).toEqual([]);
      expect(left).toContain(other);
    } finally {
      await admin.deleteTopics({ topics: [other] }).catch(() => undefined);
      await admin.disconnect();
    }
  });

  const noted = () => {
    const file = join(mkdtempSync(join(tmpdir(), 'bazaar-topics-')), 'names');
    const saved = process.env[TEST_NAMES_FILE_VARIABLE];
    process.env[TEST_NAMES_FILE_VARIABLE] = file;
    registerTestTopics(uniqueName('it-nowhere'));
    process.env[TEST_NAMES_FILE_VARIABLE] = saved;
    return file;
  };

  it('has nothing to do, and says nothing, where no broker listens (unit tests run before the servers)', async () => {
    const warnings: string[] = [];
    expect(await deleteRegisteredTopics(noted(), '127.0.0.1:1', (line) => warnings.push(line))).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('leaves a broker that fails otherwise as it is, saying so, without failing', async () => {
    const notKafka = createServer((socket) => socket.destroy()).listen(0, '127.0.0.1');
    await new Promise((resolve) => notKafka.once('listening', resolve));
    try {
      const warnings: string[] = [];
      expect(await deleteRegisteredTopics(noted(), `127.0.0.1:${(notKafka.address() as AddressInfo).port}`, (line) => warnings.push(line))).toEqual([]);
      expect(warnings.join()).toContain('test topics not deleted');
    } finally {
      notKafka.close();
    }
  }, 60000);
});
