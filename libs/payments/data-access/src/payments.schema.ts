import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';
import { CARD_BRANDS, CardBrand, DECLINE_REASONS, DeclineReason, PAYMENT_STATUSES, PaymentStatus } from '@bazaar/contracts';
import type { SetAsideRecord } from '@bazaar/shared/messaging';

/**
 * The payment of one order and the event announcing its outcome (the outbox of payments): the
 * event is written in the same single-document update as the decision, so neither exists without
 * the other, and stays unsent until the relay has published it. No card number or CVC is ever
 * here: only the provider's method id, the brand and the last four digits.
 */
@Schema({ collection: 'payments', timestamps: true, versionKey: false })
export class PaymentsDocument {
  /** The order id: the `_id` index settles which of two first events created the payment. */
  @Prop({ required: true })
  _id!: string;

  @Prop({ type: String, required: true, enum: PAYMENT_STATUSES })
  status!: PaymentStatus;

  /** The order's total in integer minor units; null until OrderPlaced is known. */
  @Prop({ type: Number, default: null, min: 0 })
  amount!: number | null;

  @Prop({ type: String, default: null, match: /^[A-Z]{3}$/ })
  currency!: string | null;

  @Prop({ type: String, default: null })
  paymentMethodId!: string | null;

  @Prop({ type: String, default: null, enum: [...CARD_BRANDS, null] })
  brand!: CardBrand | null;

  @Prop({ type: String, default: null, match: /^\d{4}$/ })
  last4!: string | null;

  @Prop({ required: true, default: false })
  stockReserved!: boolean;

  /** Calls to the provider to authorize, transient failures included. */
  @Prop({ required: true, default: 0 })
  attempts!: number;

  @Prop({ type: String, default: null, enum: [...DECLINE_REASONS, null] })
  declineReason!: DeclineReason | null;

  @Prop({ type: String, default: null })
  declineMessage!: string | null;

  @Prop({ type: String, default: null })
  authorizationId!: string | null;

  /** The whole envelope as it will be published; null while the payment announces nothing. */
  @Prop({ type: MongooseSchema.Types.Mixed, default: null })
  event!: Record<string, unknown> | null;

  /** The W3C trace context of the delivery that wrote the event: the publish joins that trace. */
  @Prop({ type: MongooseSchema.Types.Mixed, default: {} })
  traceContext!: Record<string, string>;

  @Prop({ type: Date, default: null })
  sentAt!: Date | null;

  /** True once the relay has set the event aside as unpublishable by its build: the DLQ tool lists it. */
  @Prop({ type: Boolean })
  hasSetAside?: boolean;

  @Prop({ type: [MongooseSchema.Types.Mixed], default: undefined })
  setAside?: SetAsideRecord[];

  createdAt!: Date;
  updatedAt!: Date;
}

export const PaymentsSchema = SchemaFactory.createForClass(PaymentsDocument);
