import { Injectable } from '@nestjs/common';
import { EventContract, EventOf, EventTopic, parseEvent } from '@bazaar/contracts';
import { KafkaConnection } from './kafka-connection';

export interface OutgoingMessage {
  /** The aggregate id: one aggregate's messages land on one partition and stay in order. */
  key: string | null;
  value: string | Buffer | null;
  headers?: Record<string, string>;
}

/** An event that does not match its contract is a bug in the producer: it is never sent. */
export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError';
}

@Injectable()
export class EventPublisher {
  private readonly ensured = new Map<string, Promise<void>>();

  constructor(private readonly connection: KafkaConnection) {}

  /** Validates each event against its contract, then sends it keyed by the contract's key (the aggregate id). */
  async publish<C extends EventContract>(contract: C, events: EventOf<C>[], headers: Record<string, string> = {}): Promise<void> {
    const messages = events.map((event) => {
      const parsed = parseEvent(contract, event);
      if (!parsed.ok) throw new InvalidEventError(`${contract.type} ${event.id} was not published: ${parsed.reason}`);
      return {
        key: contract.key(parsed.event.data),
        value: JSON.stringify(event),
        headers: { ...headers, 'event-id': event.id, 'event-type': event.type },
      };
    });
    await this.ensureTopic(contract.topic);
    await this.send(this.connection.topicName(contract.topic.topic), messages);
  }

  /** Sends as is to a topic named on the broker, without a contract: for the dead-letter topic, which keeps what it received. */
  async send(topic: string, messages: OutgoingMessage[]): Promise<void> {
    const producer = await this.connection.connectedProducer();
    await producer.send({ topic, acks: -1, messages });
  }

  /** Declared topics are created on first use; a failed attempt is forgotten so the next publish tries again. */
  private ensureTopic(spec: EventTopic): Promise<void> {
    let ensured = this.ensured.get(spec.topic);
    if (!ensured) {
      ensured = this.connection.ensureTopics([spec]).catch((error) => {
        this.ensured.delete(spec.topic);
        throw error;
      });
      this.ensured.set(spec.topic, ensured);
    }
    return ensured;
  }
}
