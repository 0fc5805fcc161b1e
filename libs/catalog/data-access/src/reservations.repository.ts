import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { EventEnvelope } from '@bazaar/contracts';
import { UnavailableLine, ReservationLine } from '@bazaar/catalog/domain';
import { Reservation, ReservationOutcome } from './reservation.schema';

const DUPLICATE_KEY = 11000;

export interface NewReservation {
  orderId: string;
  outcome: ReservationOutcome;
  lines: ReservationLine[];
  unavailable: UnavailableLine[];
  event: EventEnvelope;
}

/** The same shape as order's outbox store (see OutboxStore there): one pending event per reservation. */
export interface PendingReservationEvent {
  orderId: string;
  events: EventEnvelope[];
}

@Injectable()
export class ReservationsRepository {
  constructor(@InjectModel(Reservation.name) private readonly reservations: Model<Reservation>) {}

  async exists(orderId: string): Promise<boolean> {
    return (await this.reservations.exists({ _id: orderId })) !== null;
  }


  /** The outcome and its event in one insert; `duplicate` when this order's outcome is already stored. */
  async insert({ orderId, outcome, lines, unavailable, event }: NewReservation): Promise<'inserted' | 'duplicate'> {
    try {
      await this.reservations.create({ _id: orderId, outcome, lines, unavailable, event: { ...event }, sentAt: null });
      return 'inserted';
    } catch (error) {
      if ((error as { code?: number }).code === DUPLICATE_KEY) return 'duplicate';
      throw error;
    }
  }

  async findPending(limit: number): Promise<PendingReservationEvent[]> {
    const pending = await this.reservations.find({ sentAt: null }, { event: 1 }).sort({ createdAt: 1, _id: 1 }).limit(limit).lean<Pick<Reservation, '_id' | 'event'>[]>().exec();
    return pending.map(({ _id, event }) => ({ orderId: _id, events: [event as unknown as EventEnvelope] }));
  }

  async markSent(orderId: string, eventIds: string[], sentAt: Date): Promise<void> {
    if (eventIds.length === 0) return;
    await this.reservations.updateOne({ _id: orderId, sentAt: null }, { $set: { sentAt } });
  }
}
