import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument } from 'mongoose';

export const ORDER_STATUSES = ['PENDING', 'CONFIRMED', 'CANCELLED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

@Schema({ _id: false, versionKey: false })
export class OrderLine {
  @Prop({ required: true })
  productId!: string;

  @Prop({ required: true, min: 1 })
  quantity!: number;

  /** Integer minor units. */
  @Prop({ required: true, min: 0 })
  unitPrice!: number;
}

@Schema({ collection: 'orders', timestamps: true, versionKey: false })
export class Order {
  /** The order id, chosen by the service (so the outbox event can carry it before the write). */
  @Prop({ required: true })
  _id!: string;

  /** The checkout's Idempotency-Key: a repeated checkout finds this order instead of placing another. */
  @Prop({ required: true, unique: true })
  idempotencyKey!: string;

  @Prop({ required: true })
  cartId!: string;

  @Prop({ type: String, required: true, enum: ORDER_STATUSES, default: 'PENDING' })
  status!: OrderStatus;

  @Prop({ type: [OrderLine], required: true })
  lines!: OrderLine[];

  @Prop({ required: true, match: /^[A-Z]{3}$/ })
  currency!: string;

  createdAt!: Date;
}

export type OrderDocument = HydratedDocument<Order>;
export const OrderSchema = SchemaFactory.createForClass(Order);
