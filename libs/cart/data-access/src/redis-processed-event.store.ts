import Redis from 'ioredis';
import type { ProcessedEventStore } from '@bazaar/shared/messaging';

/**
 * How long cart remembers a handled event. Longer than any redelivery we expect: a re-publish by
 * order's outbox relay or a redelivery after a rebalance comes within minutes; 7 days is also
 * Kafka's default retention (168 h), after which orders.v1 no longer holds the event to replay.
 */
export const PROCESSED_EVENT_TTL_SECONDS = 7 * 24 * 3600;

/** `processed:<group>:<eventId>`; the value is the event type, for whoever inspects Redis. */
export const processedEventKey = (consumerGroup: string, eventId: string) => `processed:${consumerGroup}:${eventId}`;

/**
 * The messaging lib's ProcessedEventStore in Redis, for cart, which owns no MongoDB. A key per
 * event with a TTL (SET NX EX) instead of a document per event kept forever.
 */
export class RedisProcessedEventStore implements ProcessedEventStore {
  constructor(
    private readonly redis: Redis,
    private readonly ttlSeconds = PROCESSED_EVENT_TTL_SECONDS,
  ) {}

  async has(consumerGroup: string, eventId: string): Promise<boolean> {
    return (await this.redis.exists(processedEventKey(consumerGroup, eventId))) === 1;
  }

  /** NX: a record written first (by another delivery, or by the handler's own script) is kept as is. */
  async record(consumerGroup: string, eventId: string, type: string): Promise<void> {
    await this.redis.set(processedEventKey(consumerGroup, eventId), type, 'EX', this.ttlSeconds, 'NX');
  }
}
