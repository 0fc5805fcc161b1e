import { createConnection } from 'mongoose';
import { DeadLetter, DeadLetterAdmin } from './dead-letter.admin';
import { KafkaConnection } from './kafka-connection';
import { SetAsideRecord } from './outbox-relay';

export const DLQ_USAGE = `Usage: npm run dlq -- <command>
  list [--topic T]...                   parked messages per dead-letter topic: reason, event type and id
  show <topic> <partition:offset|offset|eventId>
                                        one parked message with its headers and value
  redrive <topic> <partition:offset|offset|eventId>
  redrive <topic> --all                 re-publish to the original topic with the original key and headers
  set-aside --db D --collection C...    outbox events the relays set aside (unknown type, broken contract)
                                        [--mongo URL], default MONGO_URL
<topic> is the declared name (orders.v1 or orders.v1.dlq); the environment gives KAFKA_BROKERS and
KAFKA_TOPIC_PREFIX. A redriven event is applied once: consumers de-duplicate by event id.`;

export interface DlqEnvironment {
  KAFKA_BROKERS?: string;
  KAFKA_TOPIC_PREFIX?: string;
  MONGO_URL?: string;
}

export class DlqUsageError extends Error {}

function parse(argv: string[]): { positional: string[]; options: Map<string, string[]>; flags: Set<string> } {
  const positional: string[] = [];
  const options = new Map<string, string[]>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--all') flags.add('all');
    else if (arg.startsWith('--')) {
      const value = argv[++i];
      if (value === undefined) throw new DlqUsageError(`${arg} needs a value`);
      options.set(arg.slice(2), [...(options.get(arg.slice(2)) ?? []), value]);
    } else positional.push(arg);
  }
  return { positional, options, flags };
}

const summary = (letter: DeadLetter) =>
  `${letter.topic} ${letter.partition}:${letter.offset}  ${letter.eventType ?? '(unknown type)'} ${letter.eventId ?? '(no event id)'}  key=${letter.key ?? ''}  group=${letter.consumerGroup ?? '?'}  at=${letter.failedAt ?? '?'}\n    reason: ${letter.reason}`;

/** The `dlq` command: runs one sub-command and returns the exit code; `print` receives each line. */
export async function runDlqCommand(argv: string[], env: DlqEnvironment, print: (line: string) => void): Promise<number> {
  const { positional, options, flags } = parse(argv);
  const [command, topic, id] = positional;
  if (command === 'set-aside') return listSetAside(options, env, print);
  if (!command || !['list', 'show', 'redrive'].includes(command)) throw new DlqUsageError(command ? `unknown command ${command}` : 'no command');
  const prefix = env.KAFKA_TOPIC_PREFIX ?? '';
  const connection = new KafkaConnection({ clientId: 'bazaar-dlq', brokers: (env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','), topicPrefix: prefix });
  const admin = new DeadLetterAdmin(connection, prefix);
  try {
    if (command === 'list') {
      const letters = await admin.list(options.get('topic'));
      const byTopic = new Map<string, DeadLetter[]>();
      for (const letter of letters) byTopic.set(letter.topic, [...(byTopic.get(letter.topic) ?? []), letter]);
      for (const [name, parked] of byTopic) {
        print(`${name}: ${parked.length} parked`);
        for (const letter of parked) print(`  ${summary(letter)}`);
      }
      if (letters.length === 0) print('no parked messages');
      return 0;
    }
    if (!topic) throw new DlqUsageError(`${command} needs a topic`);
    const letters = command === 'redrive' && flags.has('all') ? await admin.list([topic]) : id ? await admin.find(topic, id) : undefined;
    if (!letters) throw new DlqUsageError(`${command} needs an id${command === 'redrive' ? ' or --all' : ''}`);
    if (letters.length === 0) {
      print(`nothing on ${topic} matches ${id ?? '--all'}`);
      return command === 'redrive' && flags.has('all') ? 0 : 1;
    }
    if (command === 'show') {
      for (const letter of letters) {
        print(summary(letter));
        print(`    original topic: ${letter.originalTopic}`);
        print(`    headers: ${JSON.stringify(letter.headers)}`);
        print(`    value: ${letter.value?.toString('utf8') ?? '(empty)'}`);
      }
      return 0;
    }
    await admin.redrive(letters);
    for (const letter of letters) print(`redriven ${letter.topic} ${letter.partition}:${letter.offset} (${letter.eventType ?? '?'} ${letter.eventId ?? '?'}) to ${letter.originalTopic}`);
    return 0;
  } finally {
    await connection.onApplicationShutdown();
  }
}

/** A generic query on the given collections: every service's outbox store marks set-aside events the same way. */
async function listSetAside(options: Map<string, string[]>, env: DlqEnvironment, print: (line: string) => void): Promise<number> {
  const url = options.get('mongo')?.[0] ?? env.MONGO_URL;
  const dbName = options.get('db')?.[0];
  const collections = options.get('collection') ?? [];
  if (!url || !dbName || collections.length === 0) throw new DlqUsageError('set-aside needs --db, at least one --collection, and --mongo or MONGO_URL');
  const mongo = await createConnection(url, { dbName, serverSelectionTimeoutMS: 5000 }).asPromise();
  try {
    let count = 0;
    for (const name of collections) {
      const documents = await mongo.collection<{ _id: string; setAside?: SetAsideRecord[] }>(name).find({ hasSetAside: true }, { projection: { setAside: 1 } }).toArray();
      for (const { _id, setAside = [] } of documents) {
        for (const record of setAside) {
          count++;
          print(`${dbName}.${name} ${String(_id)}  ${record.type} ${record.eventId}  at=${new Date(record.at).toISOString()}  failures=${record.failures}\n    reason: ${record.reason}`);
        }
      }
    }
    if (count === 0) print('no set-aside outbox events');
    return 0;
  } finally {
    await mongo.close();
  }
}
