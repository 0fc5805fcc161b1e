import { Connection } from 'mongoose';

/**
 * Remembers which events a consumer group has handled, by event id (never by partition key or
 * timestamp: two different events may share both). A strategy: swap it to keep the record elsewhere.
 */
export interface ProcessedEventStore {
  has(consumerGroup: string, eventId: string): Promise<boolean>;
  record(consumerGroup: string, eventId: string, type: string): Promise<void>;
}

export const PROCESSED_EVENT_STORE = Symbol('PROCESSED_EVENT_STORE');

interface ProcessedEvent {
  _id: string;
  consumerGroup: string;
  eventId: string;
  type: string;
  processedAt: Date;
}

const DUPLICATE_KEY = 11000;

/** `processed_events` in the service's own database; `_id` is unique by itself, no extra index needed. */
export class MongoProcessedEventStore implements ProcessedEventStore {
  constructor(private readonly connection: Connection) {}

  async has(consumerGroup: string, eventId: string): Promise<boolean> {
    return (await this.collection().findOne({ _id: `${consumerGroup}:${eventId}` })) !== null;
  }

  async record(consumerGroup: string, eventId: string, type: string): Promise<void> {
    try {
      await this.collection().insertOne({ _id: `${consumerGroup}:${eventId}`, consumerGroup, eventId, type, processedAt: new Date() });
    } catch (error) {
      // Another delivery of the same event recorded it first: the record exists, which is all we need.
      if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
    }
  }

  private collection() {
    return this.connection.collection<ProcessedEvent>('processed_events');
  }
}
