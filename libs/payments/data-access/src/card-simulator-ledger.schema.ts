import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';

/**
 * One entry of the simulated card provider's ledger, keyed by the caller's idempotency key: the
 * first answer given for the key, and the outages it simulated before it. It stands for the
 * provider's own records, so it lives in a collection payments' code never reads otherwise.
 */
@Schema({ collection: 'card_simulator_ledger', timestamps: true, versionKey: false })
export class CardSimulatorLedgerEntry {
  /** The idempotency key (`authorize:<orderId>`, `void:<orderId>`). */
  @Prop({ required: true })
  _id!: string;

  /** Calls answered "unavailable" for this key so far. */
  @Prop({ required: true, default: 0 })
  unavailable!: number;

  /** The first answer; every repeat of the key gets it again. Null while none was given. */
  @Prop({ type: MongooseSchema.Types.Mixed, default: null })
  answer!: Record<string, unknown> | null;

  createdAt!: Date;
  updatedAt!: Date;
}

export const CardSimulatorLedgerSchema = SchemaFactory.createForClass(CardSimulatorLedgerEntry);
