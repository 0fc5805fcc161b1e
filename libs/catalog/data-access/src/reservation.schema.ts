import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';
import type { SetAsideRecord } from '@bazaar/shared/messaging';

@Schema({ _id: false, versionKey: false })
export class ReservationLineRecord {
  @Prop({ required: true }) productId!: string;
  @Prop({ required: true, min: 1 }) quantity!: number;
}

@Schema({ _id: false, versionKey: false })
export class UnavailableLineRecord {
  @Prop({ required: true }) productId!: string;
  @Prop({ required: true, min: 1 }) requested!: number;
  @Prop({ required: true, min: 0 }) available!: number;
}

export const RESERVATION_OUTCOMES = ['RESERVED', 'REJECTED'] as const;
export type ReservationOutcome = (typeof RESERVATION_OUTCOMES)[number];

/**
 * The outcome of one order's stock reservation and the event announcing it (catalog's outbox),
 * written together by one insert keyed by the order id, so neither exists without the other.
 */
@Schema({ collection: 'reservations', versionKey: false })
export class Reservation {
  /** The order id: one reservation per order, whatever the number of deliveries. */
  @Prop({ required: true })
  _id!: string;

  @Prop({ type: String, required: true, enum: RESERVATION_OUTCOMES })
  outcome!: ReservationOutcome;

  @Prop({ type: [SchemaFactory.createForClass(ReservationLineRecord)], required: true })
  lines!: ReservationLineRecord[];

  @Prop({ type: [SchemaFactory.createForClass(UnavailableLineRecord)], default: [] })
  unavailable!: UnavailableLineRecord[];

  /** StockReserved or StockRejected, the whole envelope as it will be published. */
  @Prop({ type: MongooseSchema.Types.Mixed, required: true })
  event!: Record<string, unknown>;

  /** The W3C trace context of the delivery that decided the reservation: the reply's publish joins that trace. */
  @Prop({ type: MongooseSchema.Types.Mixed, default: {} })
  traceContext!: Record<string, string>;

  /** Null until the relay has published `event`: what its sweep looks for. */
  @Prop({ type: Date, default: null, index: true })
  sentAt!: Date | null;

  @Prop({ required: true, default: () => new Date() })
  createdAt!: Date;

  /** True once the relay has set `event` aside as unpublishable by its build: sweeps skip it, the DLQ tool lists it. */
  @Prop({ type: Boolean })
  hasSetAside?: boolean;

  /** Why (see SetAsideRecord in @bazaar/shared/messaging). */
  @Prop({ type: [MongooseSchema.Types.Mixed], default: undefined })
  setAside?: SetAsideRecord[];
}

export const ReservationSchema = SchemaFactory.createForClass(Reservation);
