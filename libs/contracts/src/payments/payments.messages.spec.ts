import { getPaymentsRequestSchema, tokenizeCardRequestSchema } from './payments.messages';

describe('payments messages', () => {
  it('accepts an id and rejects an empty one', () => {
    expect(getPaymentsRequestSchema.safeParse({ id: 'r1' }).success).toBe(true);
    expect(getPaymentsRequestSchema.safeParse({ id: '' }).success).toBe(false);
  });

  it('tokenizes a card given whole, nothing else', () => {
    expect(tokenizeCardRequestSchema.safeParse({ card: { number: '4242424242424242', expiry: '12/40', cvc: '123' } }).success).toBe(true);
    expect(tokenizeCardRequestSchema.safeParse({ card: { number: '4242424242424242' } }).success).toBe(false);
  });
});
