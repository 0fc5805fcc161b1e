import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { EventEnvelope } from '@bazaar/contracts';
import { UnavailableLine, ReservationLine } from '@bazaar/catalog/domain';
import { OutboxStore, PendingOutbox, SetAsideEvent, withSetAside } from '@bazaar/shared/messaging';
import { findOneGuarded, updateOneGuarded } from '@bazaar/shared/mongo';
import { captureTraceContext } from '@bazaar/shared/observability';
import { Reservation, ReservationOutcome } from './reservation.schema';

const DUPLICATE_KEY = 11000;

export interface NewReservation {
  orderId: string;
  outcome: ReservationOutcome;
  lines: ReservationLine[];
  unavailable: UnavailableLine[];
  event: EventEnvelope;
}

type PendingReservation = Pick<Reservation, '_id' | 'event' | 'traceContext'>;

/** Unsent and not set aside (`$ne: true` also matches reservations written before the field existed). */
const PENDING = { sentAt: null, hasSetAside: { $ne: true } };

const pendingOutbox = ({ _id, event, traceContext }: PendingReservation): PendingOutbox => ({
  aggregateId: _id,
  events: [{ event: event as unknown as EventEnvelope, traceContext }],
});

/** Catalog's outbox is its reservations: one reply per order, unsent until `sentAt` is set. */
@Injectable()
export class ReservationsRepository implements OutboxStore {
  constructor(@InjectModel(Reservation.name) private readonly reservations: Model<Reservation>) {}

  async exists(orderId: string): Promise<boolean> {
    return (await this.reservations.exists({ _id: orderId })) !== null;
  }

  /** The outcome and its event in one insert; `duplicate` when this order's outcome is already stored. */
  async insert({ orderId, outcome, lines, unavailable, event }: NewReservation): Promise<'inserted' | 'duplicate'> {
    try {
      await this.reservations.create({ _id: orderId, outcome, lines, unavailable, event: { ...event }, traceContext: captureTraceContext(), sentAt: null });
      return 'inserted';
    } catch (error) {
      if ((error as { code?: number }).code === DUPLICATE_KEY) return 'duplicate';
      throw error;
    }
  }

  /** A scan on FerretDB (it indexes only `_id`): the relay runs it seldom, as a sweep. */
  async findPending(limit: number): Promise<PendingOutbox[]> {
    const pending = await this.reservations.find(PENDING, { event: 1, traceContext: 1 }).sort({ createdAt: 1, _id: 1 }).limit(limit).lean<PendingReservation[]>().exec();
    return pending.map(pendingOutbox);
  }

  async findPendingOf(orderIds: string[]): Promise<PendingOutbox[]> {
    const found = await Promise.all(orderIds.map((_id) => findOneGuarded<Reservation, PendingReservation>(this.reservations, _id, PENDING, { event: 1, traceContext: 1 })));
    return found.filter((reservation): reservation is PendingReservation => reservation !== null).map(pendingOutbox);
  }

  async markSent(orderId: string, eventIds: string[], sentAt: Date): Promise<void> {
    if (eventIds.length === 0) return;
    await updateOneGuarded(this.reservations, orderId, { sentAt: null }, { $set: { sentAt } });
  }

  async setAside(orderId: string, events: SetAsideEvent[], at: Date): Promise<void> {
    const current = await this.reservations.findById(orderId, { setAside: 1 }).lean<Pick<Reservation, 'setAside'>>().exec();
    await updateOneGuarded(this.reservations, orderId, { sentAt: null }, { $set: { hasSetAside: true, setAside: withSetAside(current?.setAside, events, at) } });
  }
}
