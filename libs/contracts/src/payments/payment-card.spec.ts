import { cardSchema, passesLuhn, paymentMethodSchema, TEST_CARDS } from './payment-card';

describe('cards', () => {
  it('every test card passes the Luhn check, spaces and all', () => {
    for (const number of Object.values(TEST_CARDS)) expect({ number, valid: cardSchema.safeParse({ number, expiry: '12/40', cvc: '123' }).success }).toEqual({ number, valid: true });
  });

  it('keeps only the digits of a typed number', () => {
    expect(cardSchema.parse({ number: '4242-4242 4242 4242', expiry: '01/30', cvc: '1234' }).number).toBe('4242424242424242');
  });

  it('says what is wrong with a mistyped card', () => {
    const problems = (card: object) => cardSchema.safeParse(card).error?.issues.map(({ path, message }) => `${path.join('.')}: ${message}`);
    expect(problems({ number: '4242 4242 4242 4241', expiry: '12/40', cvc: '123' })).toEqual(['number: is not a valid card number (its check digit is wrong)']);
    expect(problems({ number: '4242', expiry: '13/40', cvc: '12' })).toEqual(['number: must be 12 to 19 digits', 'expiry: must be MM/YY', 'cvc: must be 3 or 4 digits']);
  });

  it('computes the Luhn checksum', () => {
    expect(passesLuhn('79927398713')).toBe(true);
    expect(passesLuhn('79927398710')).toBe(false);
  });

  it('a payment method carries brand and last four digits only', () => {
    expect(paymentMethodSchema.safeParse({ id: 'pm_1', brand: 'visa', last4: '4242' }).success).toBe(true);
    expect(paymentMethodSchema.safeParse({ id: 'pm_1', brand: 'visa', last4: '4242424242424242' }).success).toBe(false);
  });
});
