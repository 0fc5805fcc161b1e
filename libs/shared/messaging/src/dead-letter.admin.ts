import { randomUUID } from 'node:crypto';
import { KafkaMessage } from 'kafkajs';
import { DeadLetterHeaders, deadLetterTopic } from './dead-letter';
import { headersOf, IncomingMessage } from './event-consumer';
import { KafkaConnection } from './kafka-connection';

/** One parked message as the DLQ tool shows it; `topic` is the declared name (no prefix), e.g. `orders.v1.dlq`. */
export interface DeadLetter extends Omit<IncomingMessage, 'heartbeat' | 'signal'> {
  reason: string;
  eventId?: string;
  eventType?: string;
  /** The topic it came from, as named on the broker. */
  originalTopic: string;
  consumerGroup?: string;
  failedAt?: string;
}

const DLQ_SUFFIX = deadLetterTopic('');
const READ_TIMEOUT_MS = 30_000;

function eventIdentity(value: Buffer | null, headers: Record<string, string>): { eventId?: string; eventType?: string } {
  if (headers['event-id']) return { eventId: headers['event-id'], eventType: headers['event-type'] };
  try {
    const parsed = JSON.parse(value?.toString('utf8') ?? '') as { id?: unknown; type?: unknown };
    return { eventId: typeof parsed.id === 'string' ? parsed.id : undefined, eventType: typeof parsed.type === 'string' ? parsed.type : undefined };
  } catch {
    return {};
  }
}

/**
 * Reads and replays the dead-letter topics (`<prefix><topic>.dlq`) of one environment. Kafka keeps
 * what it was given, so a redriven message stays on the dead-letter topic too; replaying it again
 * is harmless, because consumers de-duplicate by event id: it is applied once.
 */
export class DeadLetterAdmin {
  constructor(
    private readonly connection: KafkaConnection,
    private readonly prefix = '',
  ) {}

  /** Declared names of the dead-letter topics on the broker. */
  async topics(): Promise<string[]> {
    const admin = this.connection.kafka.admin();
    await admin.connect();
    try {
      return (await admin.listTopics())
        .filter((topic) => topic.startsWith(this.prefix) && topic.endsWith(DLQ_SUFFIX))
        .map((topic) => topic.slice(this.prefix.length))
        .sort();
    } finally {
      await admin.disconnect();
    }
  }

  /** Every message on these dead-letter topics (all of them when none is given), oldest first per partition. */
  async list(topics?: string[]): Promise<DeadLetter[]> {
    const names = topics?.length ? topics.map((topic) => (topic.endsWith(DLQ_SUFFIX) ? topic : deadLetterTopic(topic))) : await this.topics();
    const all: DeadLetter[] = [];
    for (const topic of names) all.push(...(await this.read(topic)));
    return all;
  }

  /** The messages of a dead-letter topic matching `id`: `<partition>:<offset>`, an offset, or an event id. */
  async find(topic: string, id: string): Promise<DeadLetter[]> {
    return (await this.list([topic])).filter((letter) => letter.eventId === id || `${letter.partition}:${letter.offset}` === id || letter.offset === id);
  }

  /** Publishes these messages to the topics they came from, with their original key, bytes and headers. */
  async redrive(letters: DeadLetter[]): Promise<void> {
    if (letters.length === 0) return;
    const producer = await this.connection.connectedProducer();
    const dlqHeaders = new Set<string>(Object.values(DeadLetterHeaders));
    for (const letter of letters) {
      const headers = Object.fromEntries(Object.entries(letter.headers).filter(([name]) => !dlqHeaders.has(name)));
      await producer.send({ topic: letter.originalTopic, acks: -1, messages: [{ key: letter.key, value: letter.value, headers: { ...headers, 'dlq-redriven-from': `${letter.topic}[${letter.partition}]@${letter.offset}` } }] });
    }
  }

  /** Reads a topic from the beginning up to its end as of now, with a throwaway group that is deleted afterwards. */
  private async read(topic: string): Promise<DeadLetter[]> {
    const name = this.connection.topicName(topic);
    const admin = this.connection.kafka.admin();
    await admin.connect();
    const groupId = this.connection.groupName(`dlq-tool-${randomUUID()}`);
    const consumer = this.connection.kafka.consumer({ groupId, allowAutoTopicCreation: false });
    try {
      const ends = new Map((await admin.fetchTopicOffsets(name)).map(({ partition, high, low }) => [partition, { high: BigInt(high), low: BigInt(low) }]));
      const remaining = new Set([...ends].filter(([, { high, low }]) => high > low).map(([partition]) => partition));
      if (remaining.size === 0) return [];
      const letters: DeadLetter[] = [];
      await consumer.connect();
      await consumer.subscribe({ topics: [name], fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${name}: not read to its end within ${READ_TIMEOUT_MS} ms`)), READ_TIMEOUT_MS);
        void consumer
          .run({
            autoCommit: false,
            eachMessage: async ({ partition, message }) => {
              letters.push(this.letterOf(topic, partition, message));
              if (BigInt(message.offset) + 1n >= (ends.get(partition)?.high ?? 0n)) remaining.delete(partition);
              if (remaining.size === 0) {
                clearTimeout(timer);
                resolve();
              }
            },
          })
          .catch(reject);
      });
      return letters.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
    } finally {
      await consumer.disconnect().catch(() => undefined);
      await admin.deleteGroups([groupId]).catch(() => undefined);
      await admin.disconnect();
    }
  }

  private letterOf(topic: string, partition: number, message: KafkaMessage): DeadLetter {
    const headers = headersOf(message);
    return {
      topic,
      partition,
      offset: message.offset,
      key: message.key?.toString('utf8') ?? null,
      value: message.value,
      headers,
      reason: headers[DeadLetterHeaders.reason] ?? '(no reason recorded)',
      ...eventIdentity(message.value, headers),
      originalTopic: headers[DeadLetterHeaders.topic] ?? this.connection.topicName(topic.slice(0, -DLQ_SUFFIX.length)),
      consumerGroup: headers[DeadLetterHeaders.consumerGroup],
      failedAt: headers[DeadLetterHeaders.failedAt],
    };
  }
}
