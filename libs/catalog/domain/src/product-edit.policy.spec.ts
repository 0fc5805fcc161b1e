import { CatalogProduct } from './catalog-product.model';
import { isEmptyEdit, planProductEdit } from './product-edit.policy';

const product: CatalogProduct = {
  id: '665f1c2e8a1b2c3d4e5f6a7b',
  slug: 'enamel-kettle',
  name: 'Enamel Kettle',
  description: 'Boils water',
  categoryId: 'kitchen',
  price: { amount: 2990, currency: 'EUR' },
  images: ['/a.svg'],
  attributes: { colour: 'red', size: '1 l' },
  stock: 7,
  createdAt: new Date('2026-01-01T00:00:00Z'),
};

describe('planProductEdit', () => {
  it('keeps only the fields that differ', () => {
    const edit = planProductEdit(product, { name: 'Enamel Kettle', description: 'Boils water fast', attributes: { size: '1 l', colour: 'red' } });
    expect(edit.changed).toEqual({ description: 'Boils water fast' });
    expect(edit.next).toEqual({ ...product, description: 'Boils water fast' });
    expect(edit.priceChange).toBeNull();
  });

  it('names the price move, old and new, when the amount or the currency differs', () => {
    expect(planProductEdit(product, { price: { amount: 3490, currency: 'EUR' } }).priceChange).toEqual({
      oldPrice: { amount: 2990, currency: 'EUR' },
      newPrice: { amount: 3490, currency: 'EUR' },
    });
    expect(planProductEdit(product, { price: { amount: 2990, currency: 'USD' } }).changed).toEqual({ price: { amount: 2990, currency: 'USD' } });
  });

  it('is empty when nothing would change, the same price included', () => {
    const edit = planProductEdit(product, { price: { amount: 2990, currency: 'EUR' }, images: ['/a.svg'], slug: 'enamel-kettle' });
    expect(isEmptyEdit(edit)).toBe(true);
    expect(edit.priceChange).toBeNull();
  });

  it('sees a reordered image list as a change (the first image is the one shown)', () => {
    const withTwo = { ...product, images: ['/a.svg', '/b.svg'] };
    expect(planProductEdit(withTwo, { images: ['/b.svg', '/a.svg'] }).changed).toEqual({ images: ['/b.svg', '/a.svg'] });
  });
});
