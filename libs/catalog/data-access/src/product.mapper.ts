import { Types } from 'mongoose';
import { CatalogCategory, CatalogProduct, nameSortKey, productKeywords } from '@bazaar/catalog/domain';
import { Product } from './product.schema';

/** What the mapping reads of a stored product (any driver's ObjectId will do). */
export type StoredProductFields = Pick<Product, 'slug' | 'name' | 'description' | 'categoryId' | 'price' | 'images' | 'attributes' | 'stock' | 'createdAt'> & {
  _id: { toHexString(): string };
};

export function toCatalogProduct(document: StoredProductFields): CatalogProduct {
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

/** The stored form, with the derived fields queries use (sort name, keywords). */
export function toProductDocument(product: CatalogProduct, category: Pick<CatalogCategory, 'name'>): Product {
  return {
    _id: new Types.ObjectId(product.id),
    slug: product.slug,
    name: product.name,
    sortName: nameSortKey(product.name),
    description: product.description,
    categoryId: product.categoryId,
    price: { amount: product.price.amount, currency: product.price.currency },
    images: [...product.images],
    attributes: Object.entries(product.attributes).map(([name, value]) => ({ name, value })),
    stock: product.stock,
    keywords: productKeywords(product, category),
    createdAt: product.createdAt,
  };
}
