import { createEvent, EventContract, EventData, EventEnvelope, PaymentAuthorized, PaymentDeclined } from '@bazaar/contracts';

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

export const paymentAuthorized = (data: EventData<typeof PaymentAuthorized>): EventEnvelope => createEvent(PaymentAuthorized, data, { source: PAYMENTS_SOURCE });

export const paymentDeclined = (data: EventData<typeof PaymentDeclined>): EventEnvelope => createEvent(PaymentDeclined, data, { source: PAYMENTS_SOURCE });
