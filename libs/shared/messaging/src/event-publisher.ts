import { Injectable } from '@nestjs/common';
import { KafkaConnection } from './kafka-connection';

export interface OutgoingMessage {
  /** The aggregate id: one aggregate's messages land on one partition and stay in order. */
  key: string;
  value: unknown;
  headers?: Record<string, string>;
}

@Injectable()
export class EventPublisher {
  constructor(private readonly connection: KafkaConnection) {}

  async publish(topic: string, messages: OutgoingMessage[]): Promise<void> {
    const producer = await this.connection.connectedProducer();
    await producer.send({
      topic,
      acks: -1,
      messages: messages.map(({ key, value, headers }) => ({ key, value: JSON.stringify(value), headers })),
    });
  }
}
