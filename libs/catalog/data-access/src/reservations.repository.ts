import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { EventEnvelope } from '@bazaar/contracts';
import { ReservationLine, UnavailableLine } from '@bazaar/catalog/domain';
import { OutboxStore, PendingOutbox, SetAsideEvent, withSetAside } from '@bazaar/shared/messaging';
import { findOneGuarded, updateOneById, updateOneGuarded } from '@bazaar/shared/mongo';
import { captureTraceContext } from '@bazaar/shared/observability';
import { Reservation, ReservationStatus } from './reservation.schema';

const DUPLICATE_KEY = 11000;

export const releaseId = (orderId: string) => `${orderId}:release`;
export const cancellationNoticeId = (orderId: string) => `${orderId}:cancelled`;

export type StoredReservation = Pick<Reservation, '_id' | 'status' | 'claim' | 'claimedAt' | 'lines' | 'unavailable'>;

export interface Decision {
  status: Extract<ReservationStatus, 'RESERVED' | 'REJECTED' | 'RELEASED' | 'CANCELLED'>;
  unavailable?: UnavailableLine[];
  /** The event announcing the decision; none for CANCELLED. */
  event: EventEnvelope | null;
}

type PendingReservation = Pick<Reservation, '_id' | 'event' | 'traceContext'>;

/**
 * Only decided documents carry an event (a claim in progress has none to send), and set-aside ones
 * are not sent again (`$ne: true` also matches reservations written before the field existed).
 */
const UNSENT = { sentAt: null, event: { $ne: null }, hasSetAside: { $ne: true } };

const pendingOutbox = ({ _id, event, traceContext }: PendingReservation): PendingOutbox => ({
  aggregateId: _id,
  events: [{ event: event as unknown as EventEnvelope, traceContext }],
});

/**
 * Catalog's stock movements (see Reservation) and its outbox: one reply per document, unsent until
 * `sentAt` is set. Callers hold the service's per-order lock around updates (FerretDB, see
 * updateOneGuarded); the claim itself is an insert, atomic across instances on any server.
 */
@Injectable()
export class ReservationsRepository implements OutboxStore {
  constructor(@InjectModel(Reservation.name) private readonly reservations: Model<Reservation>) {}

  async findById(id: string): Promise<StoredReservation | null> {
    return this.reservations.findById(id, { status: 1, claim: 1, claimedAt: 1, lines: 1, unavailable: 1 }).lean<StoredReservation>().exec();
  }

  async exists(id: string): Promise<boolean> {
    return (await this.reservations.exists({ _id: id })) !== null;
  }

  /**
   * Inserts the document as `claim`'s: null when this call created it (the caller now owns it),
   * else the document that was there first, which the caller must not move stock for.
   */
  async claim(id: string, status: ReservationStatus, lines: ReservationLine[], claim: string | null, now = new Date()): Promise<StoredReservation | null> {
    try {
      await this.reservations.create({ _id: id, status, claim, claimedAt: now, lines, event: null, sentAt: null });
      return null;
    } catch (error) {
      if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
      const existing = await this.findById(id);
      if (!existing) throw new Error(`Reservation ${id} collided on insert but cannot be read`);
      return existing;
    }
  }

  /** Moves a claim in progress from a delivery that stopped answering to `claim`. */
  takeOver(id: string, from: string | null, claim: string, now = new Date()): Promise<boolean> {
    return updateOneGuarded(this.reservations, id, { status: { $in: ['RESERVING', 'RELEASING'] }, claim: from }, { $set: { claim, claimedAt: now } });
  }

  /** Stores the outcome and its event, only while `claim` still owns the document. */
  decide(id: string, claim: string, { status, unavailable = [], event }: Decision): Promise<boolean> {
    return updateOneGuarded(
      this.reservations,
      id,
      { status: { $in: ['RESERVING', 'RELEASING'] }, claim },
      { $set: { status, unavailable, event: event && { ...event }, traceContext: captureTraceContext(), sentAt: null, claim: null } },
    );
  }

  /** A scan on FerretDB (it indexes only `_id`): the relay runs it seldom, as a sweep. */
  async findPending(limit: number): Promise<PendingOutbox[]> {
    const pending = await this.reservations.find(UNSENT, { event: 1, traceContext: 1 }).sort({ createdAt: 1, _id: 1 }).limit(limit).lean<PendingReservation[]>().exec();
    return pending.map(pendingOutbox);
  }

  async findPendingOf(ids: string[]): Promise<PendingOutbox[]> {
    const found = await Promise.all(ids.map((_id) => findOneGuarded<Reservation, PendingReservation>(this.reservations, _id, UNSENT, { event: 1, traceContext: 1 })));
    return found.filter((reservation): reservation is PendingReservation => reservation !== null).map(pendingOutbox);
  }

  /**
   * A document announces one event in its life (its decision, stored once), so marking it sent
   * needs no guard read: a second mark only moves `sentAt`.
   */
  async markSent(id: string, eventIds: string[], sentAt: Date): Promise<void> {
    if (eventIds.length === 0) return;
    await updateOneById(this.reservations, id, {}, { $set: { sentAt } });
  }

  async setAside(orderId: string, events: SetAsideEvent[], at: Date): Promise<void> {
    const current = await this.reservations.findById(orderId, { setAside: 1 }).lean<Pick<Reservation, 'setAside'>>().exec();
    await updateOneGuarded(this.reservations, orderId, { sentAt: null }, { $set: { hasSetAside: true, setAside: withSetAside(current?.setAside, events, at) } });
  }
}
