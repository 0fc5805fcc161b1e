import { getPaymentsRequestSchema } from './payments.messages';

describe('getPaymentsRequestSchema', () => {
  it('accepts an id and rejects an empty one', () => {
    expect(getPaymentsRequestSchema.safeParse({ id: 'r1' }).success).toBe(true);
    expect(getPaymentsRequestSchema.safeParse({ id: '' }).success).toBe(false);
  });
});
