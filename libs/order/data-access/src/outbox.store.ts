import { EventEnvelope } from '@bazaar/contracts';

export interface PendingOutbox {
  orderId: string;
  /** The unsent events, oldest first: publishing them in this order keeps one order's events in order. */
  events: EventEnvelope[];
}

/** What the outbox relay needs from storage; OrdersRepository is the real one. */
export interface OutboxStore {
  findPending(limit: number): Promise<PendingOutbox[]>;
  markSent(orderId: string, eventIds: string[], sentAt: Date): Promise<void>;
}
