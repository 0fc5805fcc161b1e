import { orderIdFor } from './order-id';

describe('orderIdFor', () => {
  it('names one order per cart and idempotency key', () => {
    expect(orderIdFor('cart-a', 'key-1')).toBe(orderIdFor('cart-a', 'key-1'));
    expect(orderIdFor('cart-a', 'key-1')).not.toBe(orderIdFor('cart-a', 'key-2'));
  });

  it('gives two carts sending the same key two orders', () => {
    expect(orderIdFor('cart-a', 'key-1')).not.toBe(orderIdFor('cart-b', 'key-1'));
  });

  it('is a version 8 UUID', () => {
    expect(orderIdFor('3f0e8a52-7f7e-4c41-9a0e-0c1b2a3d4e5f', '6f1c2d1e-key')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
