import { ProductSnapshot, ProductView } from '@bazaar/contracts';
import { CatalogProduct } from './catalog-product.model';

export function toProductView(product: CatalogProduct): ProductView {
  return {
    id: product.id,
    slug: product.slug,
    name: product.name,
    description: product.description,
    categoryId: product.categoryId,
    price: { amount: product.price.amount, currency: product.price.currency },
    images: [...product.images],
    attributes: { ...product.attributes },
    stock: product.stock,
    inStock: product.stock > 0,
    createdAt: product.createdAt.toISOString(),
  };
}

export function toProductSnapshot(product: CatalogProduct): ProductSnapshot {
  return {
    id: product.id,
    slug: product.slug,
    name: product.name,
    image: product.images[0] ?? null,
    price: { amount: product.price.amount, currency: product.price.currency },
    stock: product.stock,
  };
}
