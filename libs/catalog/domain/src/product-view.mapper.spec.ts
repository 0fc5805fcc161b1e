import { CatalogProduct } from './catalog-product.model';
import { toProductSnapshot, toProductView } from './product-view.mapper';

const product: CatalogProduct = {
  id: '0123456789abcdef01234567',
  slug: 'enamel-kettle',
  name: 'Enamel Kettle',
  description: 'Boils.',
  categoryId: 'kitchen',
  price: { amount: 3499, currency: 'EUR' },
  images: ['/assets/products/enamel-kettle.svg'],
  attributes: { Colour: 'Cream' },
  stock: 0,
  createdAt: new Date('2025-03-04T05:06:07.000Z'),
};

describe('product view mapping', () => {
  it('replies with string ids, an ISO date and availability', () => {
    expect(toProductView(product)).toEqual({
      id: '0123456789abcdef01234567',
      slug: 'enamel-kettle',
      name: 'Enamel Kettle',
      description: 'Boils.',
      categoryId: 'kitchen',
      price: { amount: 3499, currency: 'EUR' },
      images: ['/assets/products/enamel-kettle.svg'],
      attributes: { Colour: 'Cream' },
      stock: 0,
      inStock: false,
      createdAt: '2025-03-04T05:06:07.000Z',
    });
  });

  it('snapshots the first image, or null without one', () => {
    expect(toProductSnapshot(product)).toEqual({
      id: product.id,
      slug: 'enamel-kettle',
      name: 'Enamel Kettle',
      image: '/assets/products/enamel-kettle.svg',
      price: { amount: 3499, currency: 'EUR' },
      stock: 0,
    });
    expect(toProductSnapshot({ ...product, images: [] }).image).toBeNull();
  });
});
