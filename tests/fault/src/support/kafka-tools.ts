import { execFile } from 'node:child_process';
import { join } from 'node:path';

/** Runs one of the Java programs beside this file on Kafka's own client libraries (kafkajs stays inside libs/shared/messaging); resolves with its output. */
function runKafkaJava(program: 'PoisonProducer' | 'TopicReader', args: string[]): Promise<string> {
  const cache = process.env.BAZAAR_CACHE ?? join(process.env.HOME ?? '', '.cache/bazaar');
  const classpath = join(cache, `kafka-${process.env.KAFKA_VERSION ?? '4.3.1'}`, 'libs', '*');
  return new Promise((resolve, reject) =>
    execFile('java', ['-cp', classpath, join(__dirname, `${program}.java`), ...args], { timeout: 90000, maxBuffer: 64 * 1024 * 1024 }, (error, out, stderr) =>
      error ? reject(new Error(`${program} failed: ${error.message}\n${stderr}`)) : resolve(out),
    ),
  );
}

/** Writes raw records, (topic, key, value) each. */
export async function producePoison(brokers: string, records: [topic: string, key: string, value: string][]): Promise<void> {
  await runKafkaJava('PoisonProducer', [brokers, ...records.flat()]);
}

/** Every record's value on `topic`, from its start to its end as of now. */
export async function readTopic(brokers: string, topic: string): Promise<string[]> {
  return (await runKafkaJava('TopicReader', [brokers, topic])).split('\n').filter(Boolean);
}
