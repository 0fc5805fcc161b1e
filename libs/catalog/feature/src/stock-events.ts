import { createEvent, EventContract, EventEnvelope, StockRejected, StockReleased, StockReserved } from '@bazaar/contracts';
import { ReservationLine, UnavailableLine } from '@bazaar/catalog/domain';

/** `source` of every event catalog publishes. */
export const CATALOG_SOURCE = 'catalog';

/** Looks up the contract of an event found in an outbox among those `contracts` (what a relay may publish). */
export function contractLookup(contracts: EventContract[]): (type: string) => EventContract {
  const byType = new Map(contracts.map((contract) => [contract.type, contract]));
  return (type) => {
    const contract = byType.get(type);
    if (!contract) throw new Error(`Catalog does not publish ${type} from this outbox`);
    return contract;
  };
}

/** The contract of an event found in catalog's stock outbox (reservations). */
export const publishedContract = contractLookup([StockReserved, StockRejected, StockReleased]);

export const stockReserved = (orderId: string, lines: ReservationLine[]): EventEnvelope =>
  createEvent(StockReserved, { orderId, lines }, { source: CATALOG_SOURCE });

export const stockRejected = (orderId: string, reason: string, unavailable: UnavailableLine[]): EventEnvelope =>
  createEvent(StockRejected, { orderId, reason, unavailable }, { source: CATALOG_SOURCE });

export const stockReleased = (orderId: string, lines: ReservationLine[]): EventEnvelope =>
  createEvent(StockReleased, { orderId, lines }, { source: CATALOG_SOURCE });
