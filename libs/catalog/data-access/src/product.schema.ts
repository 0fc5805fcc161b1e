import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Schema as MongooseSchema, Types } from 'mongoose';
import type { SetAsideRecord } from '@bazaar/shared/messaging';

@Schema({ _id: false, versionKey: false })
export class Money {
  /** Integer minor units (cents), never floating point. */
  @Prop({ required: true, min: 0, validate: Number.isInteger })
  amount!: number;

  @Prop({ required: true, match: /^[A-Z]{3}$/ })
  currency!: string;
}

/**
 * Attributes are stored as name/value pairs, not as an object: attribute names are free text, and
 * FerretDB (and older MongoDB) reject keys with dots or a leading `$`.
 */
@Schema({ _id: false, versionKey: false })
export class ProductAttribute {
  /** Any text, the empty string included (mongoose's `required` would refuse ''): what an administrator wrote. */
  @Prop({ type: String, default: '' })
  name!: string;

  @Prop({ type: String, default: '' })
  value!: string;
}

@Schema({ collection: 'products', versionKey: false })
export class Product {
  _id!: Types.ObjectId;

  @Prop({ required: true })
  categoryId!: string;

  @Prop({ required: true })
  slug!: string;

  @Prop({ required: true })
  name!: string;

  /** The folded name the `name` sort orders by (no collation on FerretDB). */
  @Prop({ required: true })
  sortName!: string;

  @Prop({ default: '' })
  description!: string;

  @Prop({ type: Money, required: true })
  price!: Money;

  @Prop({ type: [String], default: [] })
  images!: string[];

  @Prop({ type: [ProductAttribute], default: [] })
  attributes!: ProductAttribute[];

  @Prop({ required: true, min: 0, default: 0, validate: Number.isInteger })
  stock!: number;

  /**
   * Marks of the stock movements applied to this product but not yet decided: the id of the claim's
   * document (`<orderId>` for a reservation, `<orderId>:release` for its release), written by the
   * same single-document update as the `$inc`. Only the claimant of that document moves stock, so
   * the mark means "this claim already did it", and a claimant taking over after a crash does not
   * do it twice (see StockReservationService). Emptied once the movement's outcome is stored.
   */
  @Prop({ type: [String], default: undefined })
  stockHolds?: string[];

  /**
   * The last STOCK_ADJUSTMENTS_KEPT administrative adjustments sent with an Idempotency-Key, oldest
   * first, written by the same single-document update as their `$inc`: a retry whose key is here
   * was already applied (ProductAdminRepository.adjustStock).
   */
  @Prop({ type: [{ _id: false, key: { type: String, required: true }, delta: { type: Number, required: true } }], default: undefined })
  stockAdjustments?: StockAdjustmentRecord[];

  /** Lowercase, accent-folded words of name, description, category and attribute values. */
  @Prop({ type: [String], default: [] })
  keywords!: string[];

  @Prop({ required: true, default: () => new Date() })
  createdAt!: Date;

  /**
   * Optimistic concurrency of edits (the admin API's ETag): every edit is a conditional update on
   * `{_id, revision}` that also sets the next one. Stock movements leave it alone (they are deltas
   * and commute). Absent on products stored before it existed, which are at FIRST_REVISION.
   */
  @Prop({ type: Number, min: 1 })
  revision?: number;

  /**
   * The product's outbox: events of its edits (ProductPriceChanged), written by the same
   * single-document update as the edit, so a price never changes without its event. Emptied by
   * ProductOutboxRepository once published; `outboxPending` is what its sweep looks for.
   */
  @Prop({ type: [MongooseSchema.Types.Mixed], default: undefined })
  outbox?: ProductOutboxEntry[];

  @Prop({ type: Boolean })
  outboxPending?: boolean;

  /** Events of the outbox this build could not publish (see SetAsideRecord in @bazaar/shared/messaging). */
  @Prop({ type: Boolean })
  hasSetAside?: boolean;

  @Prop({ type: [MongooseSchema.Types.Mixed], default: undefined })
  setAside?: SetAsideRecord[];
}

/** One administrative stock adjustment made with an Idempotency-Key. */
export interface StockAdjustmentRecord {
  key: string;
  delta: number;
}

/** An event waiting in a product's outbox, with the trace context of the edit that wrote it. */
export interface ProductOutboxEntry {
  event: Record<string, unknown> & { id: string };
  traceContext: Record<string, string>;
}

export type ProductDocument = HydratedDocument<Product>;
export const ProductSchema = SchemaFactory.createForClass(Product);
/** The shard key; also serves get-by-id when the category is known. */
ProductSchema.index({ categoryId: 1, _id: 1 });
/** One index per category sort, each ending in _id so the keyset tie-break is served too. */
ProductSchema.index({ categoryId: 1, createdAt: -1, _id: -1 });
ProductSchema.index({ categoryId: 1, 'price.amount': 1, _id: 1 });
ProductSchema.index({ categoryId: 1, sortName: 1, _id: 1 });
/** Not unique: a sharded collection cannot enforce uniqueness of a field outside the shard key (see deploy/mongo/README.md). */
ProductSchema.index({ slug: 1 });
/** Multikey: one entry per keyword, so equality and ^prefix regexes are index range scans. */
ProductSchema.index({ keywords: 1 });
