import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** Categories are few and small: not sharded, keyed by their readable id. */
@Schema({ collection: 'categories', versionKey: false })
export class Category {
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ required: true })
  name!: string;

  @Prop({ default: '' })
  description!: string;
}

export const CategorySchema = SchemaFactory.createForClass(Category);
