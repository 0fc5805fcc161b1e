import { checkoutRequestSchema } from './order.messages';

const valid = {
  cartId: 'cart-1',
  idempotencyKey: '6f1c2d1e-key',
  customer: { name: 'Ada', email: 'ada@example.com', address: { line1: '1 Main St', city: 'Paris', postalCode: '75001', country: 'FR' } },
  paymentMethod: { id: 'pm_sim_1', brand: 'visa', last4: '4242' },
};

describe('checkoutRequestSchema', () => {
  it('accepts a complete checkout', () => {
    expect(checkoutRequestSchema.safeParse(valid).success).toBe(true);
  });

  it.each([
    ['a missing idempotency key', { ...valid, idempotencyKey: undefined }],
    ['a malformed email', { ...valid, customer: { ...valid.customer, email: 'nope' } }],
    ['no payment method', { ...valid, paymentMethod: undefined }],
    ['a whole card number as last4', { ...valid, paymentMethod: { ...valid.paymentMethod, last4: '4242424242424242' } }],
    ['a country that is not a code', { ...valid, customer: { ...valid.customer, address: { ...valid.customer.address, country: 'France' } } }],
  ])('rejects %s', (_case, request) => {
    expect(checkoutRequestSchema.safeParse(request).success).toBe(false);
  });
});
