import { checkoutRequestSchema } from './order.messages';

const valid = {
  cartId: 'cart-1',
  idempotencyKey: '6f1c2d1e-key',
  customer: { name: 'Ada', email: 'ada@example.com', address: { line1: '1 Main St', city: 'Paris', postalCode: '75001', country: 'FR' } },
};

describe('checkoutRequestSchema', () => {
  it('accepts a complete checkout', () => {
    expect(checkoutRequestSchema.safeParse(valid).success).toBe(true);
  });

  it.each([
    ['a missing idempotency key', { ...valid, idempotencyKey: undefined }],
    ['a malformed email', { ...valid, customer: { ...valid.customer, email: 'nope' } }],
    ['a country that is not a code', { ...valid, customer: { ...valid.customer, address: { ...valid.customer.address, country: 'France' } } }],
  ])('rejects %s', (_case, request) => {
    expect(checkoutRequestSchema.safeParse(request).success).toBe(false);
  });
});
