import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';
import { CARD_BRANDS, CardBrand, ORDER_STATUSES, OrderStatus } from '@bazaar/contracts';
import type { SetAsideRecord } from '@bazaar/shared/messaging';

@Schema({ _id: false, versionKey: false })
export class OrderLineRecord {
  @Prop({ required: true })
  productId!: string;

  @Prop({ required: true })
  name!: string;

  @Prop({ required: true, min: 1 })
  quantity!: number;

  /** Integer minor units. */
  @Prop({ required: true, min: 0 })
  unitPrice!: number;
}

@Schema({ _id: false, versionKey: false })
export class AddressRecord {
  @Prop({ required: true }) line1!: string;
  @Prop() line2?: string;
  @Prop({ required: true }) city!: string;
  @Prop({ required: true }) postalCode!: string;
  @Prop({ required: true }) country!: string;
}

@Schema({ _id: false, versionKey: false })
export class CustomerRecord {
  @Prop({ required: true }) name!: string;
  @Prop({ required: true }) email!: string;
  @Prop({ type: SchemaFactory.createForClass(AddressRecord), required: true }) address!: AddressRecord;
}

/** The card as payments' provider knows it: its reference, brand and last four digits, never the number. */
@Schema({ _id: false, versionKey: false })
export class PaymentMethodRecord {
  @Prop({ required: true }) id!: string;
  @Prop({ type: String, required: true, enum: CARD_BRANDS }) brand!: CardBrand;
  @Prop({ required: true, match: /^\d{4}$/ }) last4!: string;
}

/** An integration event waiting in the order's own document until the relay has published it. */
@Schema({ _id: false, versionKey: false })
export class OutboxRecord {
  /** The event id (= envelope.id). */
  @Prop({ required: true })
  id!: string;

  @Prop({ required: true })
  type!: string;

  /** The whole envelope as it will be published. */
  @Prop({ type: MongooseSchema.Types.Mixed, required: true })
  envelope!: Record<string, unknown>;

  /** The W3C trace context of the request that wrote the event: its publish joins that trace. */
  @Prop({ type: MongooseSchema.Types.Mixed, default: {} })
  traceContext!: Record<string, string>;

  @Prop({ required: true })
  createdAt!: Date;

  @Prop({ type: Date, default: null })
  sentAt!: Date | null;
}

@Schema({ collection: 'orders', timestamps: true, versionKey: false })
export class Order {
  /**
   * The order id, derived from the checkout's Idempotency-Key (see orderIdFor): a repeated checkout
   * finds its order by `_id`, and the `_id` index settles two racing ones, on any MongoDB-wire server.
   */
  @Prop({ required: true })
  _id!: string;

  @Prop({ required: true })
  idempotencyKey!: string;

  @Prop({ required: true, index: true })
  cartId!: string;

  @Prop({ type: String, required: true, enum: ORDER_STATUSES, default: 'PENDING' })
  status!: OrderStatus;

  @Prop({ type: String, default: null })
  cancelReason!: string | null;

  @Prop({ type: SchemaFactory.createForClass(CustomerRecord), required: true })
  customer!: CustomerRecord;

  @Prop({ type: [SchemaFactory.createForClass(OrderLineRecord)], required: true })
  lines!: OrderLineRecord[];

  /** Null on orders placed before payments existed. */
  @Prop({ type: SchemaFactory.createForClass(PaymentMethodRecord), default: null })
  payment!: PaymentMethodRecord | null;

  @Prop({ required: true, match: /^[A-Z]{3}$/ })
  currency!: string;

  /** Integer minor units. */
  @Prop({ required: true, min: 0 })
  total!: number;

  /**
   * The embedded outbox: events are written in the same single-document update as the state change
   * they announce, so there is no moment where one exists without the other, without transactions.
   */
  @Prop({ type: [SchemaFactory.createForClass(OutboxRecord)], default: [] })
  outbox!: OutboxRecord[];

  /**
   * True while an outbox entry is unsent: what the relay's sweep looks for. A top-level flag because FerretDB
   * 1.24 answers `$elemMatch` on sub-fields with nothing, and `'outbox.sentAt': null` also matches
   * an empty outbox.
   */
  @Prop({ required: true, default: true, index: true })
  outboxPending!: boolean;

  /**
   * Bumped by every update that changes the outbox: marking entries sent replaces the whole array
   * under a check of this number (FerretDB 1.24 has no positional `$` update), so a concurrent
   * transition that appended an entry is never overwritten.
   */
  @Prop({ required: true, default: 0 })
  revision!: number;

  /** True once the relay has set an outbox entry aside as unpublishable by its build: the DLQ tool lists it. */
  @Prop({ type: Boolean })
  hasSetAside?: boolean;

  /** The entries set aside and why (see SetAsideRecord in @bazaar/shared/messaging); they no longer count as pending. */
  @Prop({ type: [MongooseSchema.Types.Mixed], default: undefined })
  setAside?: SetAsideRecord[];

  createdAt!: Date;
  updatedAt!: Date;
}

export const OrderSchema = SchemaFactory.createForClass(Order);
/** The PENDING deadline's sweep: the oldest PENDING orders first (FerretDB scans regardless). */
OrderSchema.index({ status: 1, createdAt: 1 });
