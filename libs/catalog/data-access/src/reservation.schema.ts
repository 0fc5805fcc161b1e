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

/**
 * A stock movement's lifecycle. RESERVING / RELEASING: claimed by one delivery, stock moving;
 * RESERVED / REJECTED / RELEASED: decided, with the event announcing it; CANCELLED: nothing was or
 * will be reserved (the cancellation notice, or a stale reservation the cancellation undid).
 */
export const RESERVATION_STATUSES = ['RESERVING', 'RESERVED', 'REJECTED', 'CANCELLED', 'RELEASING', 'RELEASED'] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

/**
 * One stock movement of an order and the event announcing it (catalog's outbox). Its `_id` is the
 * claim: the insert is atomic on every MongoDB-wire server (FerretDB included), so of several
 * deliveries of one event exactly one inserts it and only that one moves stock.
 *
 * - `<orderId>`: the reservation (StockReserved / StockRejected);
 * - `<orderId>:release`: its compensation after the order was cancelled (StockReleased);
 * - `<orderId>:cancelled`: the notice that the order is cancelled, whichever event came first.
 */
@Schema({ collection: 'reservations', versionKey: false })
export class Reservation {
  @Prop({ required: true })
  _id!: string;

  @Prop({ type: String, required: true, enum: RESERVATION_STATUSES })
  status!: ReservationStatus;

  /** The delivery working on it while RESERVING / RELEASING; another may take over after a lease. */
  @Prop({ type: String, default: null })
  claim!: string | null;

  @Prop({ type: Date, default: () => new Date() })
  claimedAt!: Date;

  @Prop({ type: [SchemaFactory.createForClass(ReservationLineRecord)], default: [] })
  lines!: ReservationLineRecord[];

  @Prop({ type: [SchemaFactory.createForClass(UnavailableLineRecord)], default: [] })
  unavailable!: UnavailableLineRecord[];

  /** StockReserved, StockRejected or StockReleased, the whole envelope as it will be published; null until decided. */
  @Prop({ type: MongooseSchema.Types.Mixed, default: null })
  event!: Record<string, unknown> | null;

  /** The W3C trace context of the delivery that decided it: the reply's publish joins that trace. */
  @Prop({ type: MongooseSchema.Types.Mixed, default: {} })
  traceContext!: Record<string, string>;

  /** Null until the relay has published `event`: what its sweep looks for (with an event). */
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
