import { currencyRejection, describeRejection } from './cart-rejection';

describe('describeRejection', () => {
  it('says how many are available when stock is short', () => {
    expect(describeRejection({ code: 'OUT_OF_STOCK', productId: 'p1', current: 2, requested: 5, available: 3 })).toBe(
      'Only 3 of p1 available; 5 requested (the cart already has 2)',
    );
    expect(describeRejection({ code: 'OUT_OF_STOCK', productId: 'p1', current: 0, requested: 5, available: 0 })).toBe(
      'Only 0 of p1 available; 5 requested',
    );
  });

  it('names the limits', () => {
    expect(describeRejection({ code: 'QUANTITY_LIMIT', productId: 'p1', current: 20, requested: 21 })).toBe(
      'At most 20 of one product fit in a cart; 21 of p1 requested (the cart already has 20)',
    );
    expect(describeRejection({ code: 'CART_FULL' })).toBe('A cart holds at most 50 different products');
    expect(describeRejection({ code: 'CURRENCY_MISMATCH', productId: 'p1', productCurrency: 'USD', cartCurrency: 'EUR' })).toBe(
      'p1 is priced in USD; this cart is in EUR',
    );
  });
});

describe('currencyRejection', () => {
  it('accepts the cart currency and rejects another', () => {
    expect(currencyRejection('p1', 'EUR', 'EUR')).toBeUndefined();
    expect(currencyRejection('p1', 'USD', 'EUR')).toEqual({ code: 'CURRENCY_MISMATCH', productId: 'p1', productCurrency: 'USD', cartCurrency: 'EUR' });
  });
});
