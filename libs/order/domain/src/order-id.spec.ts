import { orderIdFor } from './order-id';

describe('orderIdFor', () => {
  it('names one order per idempotency key', () => {
    expect(orderIdFor('key-1')).toBe(orderIdFor('key-1'));
    expect(orderIdFor('key-1')).not.toBe(orderIdFor('key-2'));
  });

  it('is a version 8 UUID', () => {
    expect(orderIdFor('6f1c2d1e-key')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
