import type { ObjectId } from 'mongodb';
import type { CatalogProduct } from '@bazaar/catalog/domain';

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

export function toCatalogProduct(document: ProductDocument): CatalogProduct {
  return {
    id: document._id.toHexString(),
    slug: document.slug,
    name: document.name,
    description: document.description,
    categoryId: document.categoryId,
    price: { amount: document.price.amount, currency: document.price.currency },
    images: [...document.images],
    attributes: Object.fromEntries(document.attributes.map(({ name, value }) => [name, value])),
    stock: document.stock,
    createdAt: document.createdAt,
  };
}
