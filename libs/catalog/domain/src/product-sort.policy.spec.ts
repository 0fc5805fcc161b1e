import { CatalogProduct } from './catalog-product.model';
import { compareProducts, sortValueOf } from './product-sort.policy';

const make = (id: string, name: string, amount: number, day: number): CatalogProduct => ({
  id: id.padStart(24, '0'),
  slug: id,
  name,
  description: '',
  categoryId: 'c',
  price: { amount, currency: 'EUR' },
  images: [],
  attributes: {},
  stock: 1,
  createdAt: new Date(Date.UTC(2025, 0, day)),
});

const a = make('a', 'Beta', 500, 3);
const b = make('b', 'alpha', 500, 3);
const c = make('c', 'Gamma', 100, 9);
const ids = (products: CatalogProduct[]) => products.map((p) => p.id.slice(-1)).join('');

describe('product sort policy', () => {
  it('orders by the sort value, ties broken by id in the same direction', () => {
    expect(ids([a, b, c].sort(compareProducts('price_asc')))).toBe('cab');
    expect(ids([a, b, c].sort(compareProducts('price_desc')))).toBe('bac');
    expect(ids([a, b, c].sort(compareProducts('newest')))).toBe('cba');
    expect(ids([a, b, c].sort(compareProducts('name')))).toBe('bac');
  });

  it('uses epoch ms, minor units and the folded name as sort values', () => {
    expect(sortValueOf(c, 'newest')).toBe(Date.UTC(2025, 0, 9));
    expect(sortValueOf(c, 'price_desc')).toBe(100);
    expect(sortValueOf(b, 'name')).toBe('alpha');
  });
});
