import { cardSchema, customerSchema, TEST_CARDS } from '@bazaar/contracts';
import { checkoutBody, futureExpiry, TEST_CUSTOMER, uniqueCardNumber } from './checkout-body';

describe('checkoutBody', () => {
  it('is a card every test card number makes valid, with an expiry in the future', () => {
    for (const number of Object.values(TEST_CARDS)) expect(cardSchema.safeParse(checkoutBody(TEST_CUSTOMER, number).payment.card).success).toBe(true);
    expect(futureExpiry(new Date('2026-12-15T00:00:00Z'))).toBe('12/28');
    expect(futureExpiry(new Date('2099-01-01T00:00:00Z'))).toBe('01/01');
  });

  it('carries the customer order accepts', () => {
    expect(customerSchema.safeParse(checkoutBody().customer).success).toBe(true);
  });
});

describe('uniqueCardNumber', () => {
  it('passes the card schema, is no test card, and differs from run to run', () => {
    const numbers = Array.from({ length: 50 }, () => uniqueCardNumber());
    for (const number of numbers) {
      expect(cardSchema.shape.number.safeParse(number)).toEqual({ success: true, data: number });
      expect(Object.values(TEST_CARDS).map((card) => card.replace(/ /g, ''))).not.toContain(number);
    }
    expect(new Set(numbers).size).toBe(50);
  });
});
