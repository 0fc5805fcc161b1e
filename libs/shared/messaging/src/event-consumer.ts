import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Consumer } from 'kafkajs';
import { KafkaConnection } from './kafka-connection';

export interface IncomingMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: unknown;
  headers: Record<string, string>;
}

export interface Subscription {
  groupId: string;
  topics: string[];
  fromBeginning?: boolean;
  handle(message: IncomingMessage): Promise<void>;
}

function decode(buffer: Buffer | null): unknown {
  return buffer === null ? null : JSON.parse(buffer.toString('utf8'));
}

@Injectable()
export class EventConsumer implements OnApplicationShutdown {
  private readonly consumers: Consumer[] = [];

  constructor(private readonly connection: KafkaConnection) {}

  /** Offsets are committed after `handle` resolves, so delivery is at least once. */
  async subscribe({ groupId, topics, fromBeginning = false, handle }: Subscription): Promise<Consumer> {
    const consumer = this.connection.kafka.consumer({ groupId, allowAutoTopicCreation: false });
    this.consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning });
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) =>
        handle({
          topic,
          partition,
          offset: message.offset,
          key: message.key?.toString('utf8') ?? null,
          value: decode(message.value),
          headers: Object.fromEntries(
            Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]),
          ),
        }),
    });
    return consumer;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled(this.consumers.map((consumer) => consumer.disconnect()));
  }
}
