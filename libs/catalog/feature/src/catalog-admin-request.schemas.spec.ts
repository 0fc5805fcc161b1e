import { adjustStockRequest, createProductRequest, updateProductRequest } from './catalog-admin-request.schemas';

const ID = '0123456789ABCDEF01234567';
const valid = { categoryId: 'kitchen', slug: 'enamel-kettle', name: 'Enamel Kettle', price: { amount: 2490, currency: 'EUR' } };

describe('catalog admin request schemas', () => {
  it('fills a creation’s defaults and refuses unknown fields', () => {
    expect(createProductRequest.parse(valid)).toEqual({ ...valid, description: '', images: [], attributes: {}, stock: 0 });
    expect(createProductRequest.safeParse({ ...valid, revision: 3 }).success).toBe(false);
  });

  it('counts lengths in characters as the gateway does, so astral characters are not counted twice', () => {
    const astral = '😀'.repeat(200);
    expect(astral.length).toBe(400);
    expect(updateProductRequest.safeParse({ id: ID, expectedRevision: 1, changes: { name: astral } }).success).toBe(true);
    expect(updateProductRequest.safeParse({ id: ID, expectedRevision: 1, changes: { name: `${astral}x` } }).success).toBe(false);
    expect(updateProductRequest.safeParse({ id: ID, expectedRevision: 1, changes: { name: '   ' } }).success).toBe(false);
  });

  it('takes any attribute names, at most 50, with texts of at most 500 characters', () => {
    const parse = (attributes: Record<string, string>) => updateProductRequest.safeParse({ id: ID, expectedRevision: 2, changes: { attributes } }).success;
    expect(parse({ '': 'x', 'a.b': '', $c: 'y' })).toBe(true);
    expect(parse({ colour: 'r'.repeat(501) })).toBe(false);
    expect(parse(Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`a${i}`, 'x'])))).toBe(false);
  });

  it('lower-cases the product id, and takes a zero delta (it changes nothing) but not a fraction', () => {
    expect(adjustStockRequest.parse({ id: ID, delta: 0 })).toEqual({ id: ID.toLowerCase(), delta: 0 });
    expect(adjustStockRequest.safeParse({ id: ID, delta: 0.5 }).success).toBe(false);
    expect(updateProductRequest.safeParse({ id: ID, expectedRevision: 0, changes: {} }).success).toBe(false);
  });
});
