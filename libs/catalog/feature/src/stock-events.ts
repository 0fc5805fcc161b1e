import { createEvent, EventContract, EventEnvelope, StockRejected, StockReleased, StockReserved } from '@bazaar/contracts';
import { ReservationLine, UnavailableLine } from '@bazaar/catalog/domain';

/** `source` of every event catalog publishes. */
export const CATALOG_SOURCE = 'catalog';

const PUBLISHED: EventContract[] = [StockReserved, StockRejected, StockReleased];
const byType = new Map(PUBLISHED.map((contract) => [contract.type, contract]));

/** The contract of an event found in catalog's outbox. */
export function publishedContract(type: string): EventContract {
  const contract = byType.get(type);
  if (!contract) throw new Error(`Catalog does not publish ${type}`);
  return contract;
}

export const stockReserved = (orderId: string, lines: ReservationLine[]): EventEnvelope =>
  createEvent(StockReserved, { orderId, lines }, { source: CATALOG_SOURCE });

export const stockRejected = (orderId: string, reason: string, unavailable: UnavailableLine[]): EventEnvelope =>
  createEvent(StockRejected, { orderId, reason, unavailable }, { source: CATALOG_SOURCE });

export const stockReleased = (orderId: string, lines: ReservationLine[]): EventEnvelope =>
  createEvent(StockReleased, { orderId, lines }, { source: CATALOG_SOURCE });
