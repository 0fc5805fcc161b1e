import { CatalogProduct } from './catalog-product.model';
import { cursorAfter, decodeCursor, encodeCursor, InvalidCursorError } from './product-cursor.codec';

const product: CatalogProduct = {
  id: '0123456789abcdef01234567',
  slug: 'enamel-kettle',
  name: 'Enamel Kettle',
  description: '',
  categoryId: 'kitchen',
  price: { amount: 3499, currency: 'EUR' },
  images: [],
  attributes: {},
  stock: 1,
  createdAt: new Date('2025-03-04T05:06:07.000Z'),
};

const encodeRaw = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('product cursor', () => {
  it.each([
    ['newest', product.createdAt.getTime()],
    ['price_asc', 3499],
    ['price_desc', 3499],
    ['name', 'enamel kettle'],
  ] as const)('round-trips the sort value and id for %s', (sort, value) => {
    const encoded = encodeCursor(cursorAfter(product, sort));
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(encoded, sort)).toEqual({ sort, value, id: product.id });
  });

  it('rejects a cursor made for another sort', () => {
    const encoded = encodeCursor(cursorAfter(product, 'price_asc'));
    expect(() => decodeCursor(encoded, 'name')).toThrow(/made for sort "price_asc"/);
  });

  it.each([
    ['not base64url', 'abc+/=', 'name'],
    ['not JSON', Buffer.from('{oops').toString('base64url'), 'name'],
    ['not a tuple', encodeRaw({ sort: 'name' }), 'name'],
    ['an unknown sort', encodeRaw(['cheapest', 1, product.id]), 'price_asc'],
    ['a bad id', encodeRaw(['price_asc', 1, 'xyz']), 'price_asc'],
    ['an uppercase id', encodeRaw(['price_asc', 1, product.id.toUpperCase()]), 'price_asc'],
    ['a fractional price', encodeRaw(['price_asc', 1.5, product.id]), 'price_asc'],
    ['a string where a number belongs', encodeRaw(['newest', '1', product.id]), 'newest'],
    ['a number where a name belongs', encodeRaw(['name', 1, product.id]), 'name'],
    ['an operator object as value', encodeRaw(['name', { $gt: '' }, product.id]), 'name'],
    ['an empty string', '', 'name'],
    ['an oversized cursor', 'a'.repeat(2000), 'name'],
  ] as const)('rejects %s', (_label, encoded, sort) => {
    expect(() => decodeCursor(encoded, sort)).toThrow(InvalidCursorError);
  });
});
