import type { ObjectId } from 'mongodb';

/** A product as catalog stores it (libs/catalog/data-access product.schema), read with the bare driver. */
export interface ProductDocument {
  _id: ObjectId;
  slug: string;
  name: string;
  description: string;
  categoryId: string;
  price: { amount: number; currency: string };
  images: string[];
  attributes: { name: string; value: string }[];
  stock: number;
  createdAt: Date;
}

/** The same mapping catalog uses, so both sides of the browse comparison shape products identically. */
export { toCatalogProduct } from '@bazaar/catalog/data-access';
