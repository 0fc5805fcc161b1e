import { decodeLine, encodeLineTail } from './cart-line.codec';

describe('cart line codec', () => {
  it('round-trips a line with its quantity in front', () => {
    const value = `3|${encodeLineTail({ amount: 1999, currency: 'EUR' }, 1700000000123)}`;
    expect(value).toBe('3|1999|EUR|1700000000123');
    expect(decodeLine('p1', value)).toEqual({ productId: 'p1', quantity: 3, priceWhenAdded: { amount: 1999, currency: 'EUR' }, addedAt: 1700000000123 });
  });

  it('refuses a value it did not write', () => {
    expect(() => decodeLine('p1', '3')).toThrow('Malformed cart line for p1: "3"');
    expect(() => decodeLine('p1', 'x|1|EUR|1')).toThrow('Malformed cart line');
  });
});
