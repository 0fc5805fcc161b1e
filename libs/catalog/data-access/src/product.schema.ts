import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Types } from 'mongoose';

@Schema({ _id: false, versionKey: false })
export class Money {
  /** Integer minor units (cents), never floating point. */
  @Prop({ required: true, min: 0, validate: Number.isInteger })
  amount!: number;

  @Prop({ required: true, match: /^[A-Z]{3}$/ })
  currency!: string;
}

@Schema({ collection: 'products', timestamps: true, versionKey: false })
export class Product {
  _id!: Types.ObjectId;

  @Prop({ required: true })
  categoryId!: string;

  @Prop({ required: true })
  slug!: string;

  @Prop({ required: true })
  name!: string;

  @Prop({ type: Money, required: true })
  price!: Money;

  @Prop({ required: true, min: 0, default: 0 })
  stock!: number;

  createdAt!: Date;
}

export type ProductDocument = HydratedDocument<Product>;
export const ProductSchema = SchemaFactory.createForClass(Product);
ProductSchema.index({ categoryId: 1, _id: 1 });
ProductSchema.index({ slug: 1 });
