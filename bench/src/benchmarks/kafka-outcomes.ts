// Watching the orders topic and timing the bare round trip need a plain consumer and producer:
// the bench observes Bazaar from outside instead of through its messaging lib.
// eslint-disable-next-line no-restricted-imports
import { Consumer, Kafka } from 'kafkajs';

/**
 * A consumer that settles a promise per key when a matching message arrives. A message may come
 * before anyone waits for it (an order can be confirmed before its 202 is read): it is kept until
 * claimed.
 */
export class ArrivalWatcher<T> {
  private readonly waiting = new Map<string, { resolve: (value: T) => void; timer: NodeJS.Timeout }>();
  private readonly unclaimed = new Map<string, T>();
  private consumer?: Consumer;

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
    /** The key and value of a message worth reporting, or undefined to ignore it. */
    private readonly match: (headers: Record<string, string>, value: Buffer | null) => { key: string; value: T } | undefined,
  ) {}

  /** Joins a group of its own, reading the topic from its start (the topic is this run's alone). */
  async start(): Promise<void> {
    const consumer = this.kafka.consumer({ groupId: `${this.topic}.bench-watch`, allowAutoTopicCreation: false });
    this.consumer = consumer;
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.connect();
    await consumer.subscribe({ topics: [this.topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]));
        const matched = this.match(headers, message.value);
        if (!matched) return;
        const waiter = this.waiting.get(matched.key);
        if (!waiter) {
          this.unclaimed.set(matched.key, matched.value);
          return;
        }
        clearTimeout(waiter.timer);
        this.waiting.delete(matched.key);
        waiter.resolve(matched.value);
      },
    });
    await joined;
  }

  arrival(key: string, timeoutMs = 60_000): Promise<T> {
    const arrived = this.unclaimed.get(key);
    if (arrived !== undefined) {
      this.unclaimed.delete(key);
      return Promise.resolve(arrived);
    }
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(key);
        reject(new Error(`nothing arrived on ${this.topic} for ${key} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(key, { resolve, timer });
    });
  }

  async stop(): Promise<void> {
    for (const { timer } of this.waiting.values()) clearTimeout(timer);
    await this.consumer?.disconnect();
  }
}

export async function ensureTopics(kafka: Kafka, topics: { topic: string; numPartitions: number }[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter(({ topic }) => !existing.has(topic));
    if (missing.length > 0) await admin.createTopics({ waitForLeaders: true, topics: missing });
  } finally {
    await admin.disconnect();
  }
}

export async function deleteTopicsWithPrefix(kafka: Kafka, prefix: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect();
  }
}
