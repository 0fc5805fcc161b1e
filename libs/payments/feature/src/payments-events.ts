import { createHash } from 'node:crypto';
import { createEvent, EventContract, EventEnvelope, PaymentAuthorized, PaymentDeclined } from '@bazaar/contracts';
import type { Payment } from '@bazaar/payments/domain';

/** `source` of every event payments publishes. */
export const PAYMENTS_SOURCE = 'payments';

/** The integration events payments publishes, by type: what the outbox relay may find in its outbox. */
const PUBLISHED: EventContract[] = [PaymentAuthorized, PaymentDeclined];
const byType = new Map(PUBLISHED.map((contract) => [contract.type, contract]));

export function publishedContract(type: string): EventContract {
  const contract = byType.get(type);
  if (!contract) throw new Error(`Payments does not publish ${type}`);
  return contract;
}

/**
 * The id of the event announcing an order's payment outcome, derived from both (a version 8 UUID
 * of their SHA-256): an outcome stored twice (two instances on a server without atomic conditional
 * updates) is still one event to every consumer, which de-duplicates by id.
 */
export function outcomeEventId(orderId: string, type: string): string {
  const hex = createHash('sha256').update(`bazaar-payment-outcome:${type}:${orderId}`).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The event announcing a decided payment: PaymentAuthorized or PaymentDeclined; null for any other state. */
export function outcomeEvent(payment: Payment): EventEnvelope | null {
  const { orderId, amount, method, authorizationId, declineReason, declineMessage } = payment;
  if (payment.status === 'AUTHORIZED' && amount && method && authorizationId) {
    const data = { orderId, authorizationId, amount, brand: method.brand, last4: method.last4 };
    return createEvent(PaymentAuthorized, data, { source: PAYMENTS_SOURCE, id: outcomeEventId(orderId, PaymentAuthorized.type) });
  }
  if (payment.status === 'DECLINED' && declineReason && declineMessage) {
    const data = { orderId, reason: declineReason, message: declineMessage };
    return createEvent(PaymentDeclined, data, { source: PAYMENTS_SOURCE, id: outcomeEventId(orderId, PaymentDeclined.type) });
  }
  return null;
}
