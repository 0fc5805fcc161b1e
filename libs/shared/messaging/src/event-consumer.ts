import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { Consumer, KafkaMessage } from 'kafkajs';
import { KafkaConnection } from './kafka-connection';

/** One record as it came off the broker: the value stays raw bytes so a poison message can be parked as is. */
export interface IncomingMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
  /** Keeps the group membership alive while a handler retries. */
  heartbeat(): Promise<void>;
  /** Aborted when the consumer stops: a handler waiting for a dependency gives up without committing. */
  signal?: AbortSignal;
}

export interface Subscription {
  groupId: string;
  topics: string[];
  fromBeginning?: boolean;
  handle(message: IncomingMessage): Promise<void>;
}

/** Header values as strings (kafkajs gives Buffers). */
export const headersOf = (message: KafkaMessage): Record<string, string> =>
  Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]));

@Injectable()
export class EventConsumer implements BeforeApplicationShutdown {
  private readonly consumers: Consumer[] = [];
  private readonly stopping = new AbortController();

  constructor(private readonly connection: KafkaConnection) {}

  /** Offsets are committed after `handle` resolves, so delivery is at least once. */
  async subscribe({ groupId, topics, fromBeginning = false, handle }: Subscription): Promise<Consumer> {
    const consumer = this.connection.consumer(groupId);
    this.consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning });
    await consumer.run({
      eachMessage: async ({ topic, partition, message, heartbeat }) =>
        handle({
          topic,
          partition,
          offset: message.offset,
          key: message.key?.toString('utf8') ?? null,
          value: message.value,
          headers: headersOf(message),
          heartbeat,
          signal: this.stopping.signal,
        }),
    });
    return consumer;
  }

  /**
   * Before any connection closes (MongoDB, Redis, the producer close in onApplicationShutdown): a
   * handler in the middle of a message finishes it and commits, instead of failing on a closed
   * database and parking a valid event on the DLQ. One waiting for a dependency stops waiting and
   * leaves its message uncommitted.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    await Promise.allSettled(this.consumers.map((consumer) => consumer.disconnect()));
  }
}
