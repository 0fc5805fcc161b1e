import { randomUUID } from 'node:crypto';
import { CheckoutReply, EventEnvelope, OrderCancelled, OrderConfirmed, TEST_CARDS } from '@bazaar/contracts';
import { bareKafka } from '../processes/kafka-round-trip';
import { ArrivalWatcher } from './kafka-outcomes';
import { CheckoutTimes } from './saga-timeline';
import { addToNewCart, getJson } from './store-api';

const customer = { name: 'Bench Shopper', email: 'bench@example.com', address: { line1: '1 Load Street', city: 'Lyon', postalCode: '69002', country: 'FR' } };
const payment = { card: { number: TEST_CARDS.approves, expiry: '12/34', cvc: '123' } };

export type Outcome = 'CONFIRMED' | 'CANCELLED';

export interface CheckoutTally {
  CONFIRMED: number;
  CANCELLED: number;
  accepted: number[];
  confirmed: CheckoutTimes[];
}

export const newTally = (): CheckoutTally => ({ CONFIRMED: 0, CANCELLED: 0, accepted: [], confirmed: [] });

/** Watches an orders topic for each order's final event. */
export function outcomeWatcher(kafka: ReturnType<typeof bareKafka>, ordersTopic: string): ArrivalWatcher<Outcome> {
  return new ArrivalWatcher<Outcome>(kafka, ordersTopic, (headers, value) => {
    const outcome = headers['event-type'] === OrderConfirmed.type ? 'CONFIRMED' : headers['event-type'] === OrderCancelled.type ? 'CANCELLED' : undefined;
    if (!outcome || !value) return undefined;
    return { key: (JSON.parse(value.toString('utf8')) as EventEnvelope<string, { orderId: string }>).data.orderId, value: outcome };
  });
}

/**
 * One shopper's order, for a closed loop: fills a fresh cart with the next product (not timed),
 * checks out, waits for the final event; returns the ms from the checkout request to that event.
 */
export function shopper(api: string, productIds: readonly string[], outcomes: ArrivalWatcher<Outcome>, tally: CheckoutTally = newTally()): () => Promise<number> {
  let nextProduct = 0;
  return async () => {
    const cookie = await addToNewCart(api, productIds[nextProduct++ % productIds.length]);
    const headers = { 'content-type': 'application/json', cookie };
    const started = performance.now();
    const startedAt = Date.now();
    const { orderId } = await getJson<CheckoutReply>(`${api}/checkout`, { method: 'POST', headers: { ...headers, 'idempotency-key': randomUUID() }, body: JSON.stringify({ customer, payment }) });
    tally.accepted.push(performance.now() - started);
    const acceptedAt = Date.now();
    const outcome = await outcomes.arrival(orderId);
    tally[outcome]++;
    if (outcome === 'CONFIRMED') tally.confirmed.push({ orderId, startedAt, acceptedAt, observedAt: Date.now() });
    return performance.now() - started;
  };
}
