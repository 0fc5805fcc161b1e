import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';
import type { SetAsideRecord } from '@bazaar/shared/messaging';

/**
 * One payments record and the event announcing it (the outbox of payments): the event is
 * written in the same single-document insert as the record, so neither exists without the other,
 * and stays unsent until the relay has published it.
 */
@Schema({ collection: 'payments', versionKey: false })
export class PaymentsDocument {
  @Prop({ required: true })
  _id!: string;

  @Prop({ required: true })
  updatedAt!: Date;

  @Prop({ type: Date, default: () => new Date() })
  createdAt!: Date;

  /** The whole envelope as it will be published; null when the record announces nothing. */
  @Prop({ type: MongooseSchema.Types.Mixed, default: null })
  event!: Record<string, unknown> | null;

  /** The W3C trace context of the request or delivery that wrote it: the publish joins that trace. */
  @Prop({ type: MongooseSchema.Types.Mixed, default: {} })
  traceContext!: Record<string, string>;

  @Prop({ type: Date, default: null })
  sentAt!: Date | null;

  /** True once the relay has set the event aside as unpublishable by its build: the DLQ tool lists it. */
  @Prop({ type: Boolean })
  hasSetAside?: boolean;

  @Prop({ type: [MongooseSchema.Types.Mixed], default: undefined })
  setAside?: SetAsideRecord[];
}

export const PaymentsSchema = SchemaFactory.createForClass(PaymentsDocument);
