import { execFile } from 'node:child_process';
import { delimiter, join } from 'node:path';
import { workspaceRoot } from '@bazaar/shared/testing';

const PROGRAMS = ['PoisonProducer', 'TopicReader'] as const;
let compiled: Promise<string> | undefined;

/**
 * The Java programs beside this file, compiled once per run into tmp/fault/classes: launched from
 * source (`java File.java`) each one would be compiled again on every call, seconds of each row.
 */
function compiledPrograms(classpath: string): Promise<string> {
  const out = join(workspaceRoot, 'tmp/fault/classes');
  compiled ??= new Promise((resolve, reject) =>
    execFile('javac', ['-d', out, '-cp', classpath, ...PROGRAMS.map((program) => join(__dirname, `${program}.java`))], { timeout: 90000 }, (error, _out, stderr) =>
      error ? reject(new Error(`javac failed: ${error.message}\n${stderr}`)) : resolve(out),
    ),
  );
  return compiled;
}

/** Runs one of the Java programs beside this file on Kafka's own client libraries (kafkajs stays inside libs/shared/messaging); resolves with its output. */
async function runKafkaJava(program: (typeof PROGRAMS)[number], args: string[]): Promise<string> {
  const cache = process.env.BAZAAR_CACHE ?? join(process.env.HOME ?? '', '.cache/bazaar');
  const classpath = join(cache, `kafka-${process.env.KAFKA_VERSION ?? '4.3.1'}`, 'libs', '*');
  const classes = await compiledPrograms(classpath);
  return new Promise((resolve, reject) =>
    execFile('java', ['-cp', `${classpath}${delimiter}${classes}`, program, ...args], { timeout: 90000, maxBuffer: 64 * 1024 * 1024 }, (error, out, stderr) =>
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
