import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/http';
import { cardErrorsOf, type CheckoutForm, toCustomer, toPayment, validateCheckout } from './checkout-form';

const valid: CheckoutForm = {
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  line1: '12 Market Street',
  line2: '',
  city: 'Lyon',
  postalCode: '69002',
  country: 'FR',
  cardNumber: '4242 4242 4242 4242',
  expiry: '12/30',
  cvc: '123',
};

describe('validateCheckout', () => {
  it('accepts a complete form', () => {
    expect(validateCheckout(valid)).toEqual({});
  });

  it('names every missing field', () => {
    expect(
      Object.keys(
        validateCheckout({
          ...valid,
          name: ' ',
          city: '',
          postalCode: '',
          country: '',
        }),
      ).sort(),
    ).toEqual(['city', 'country', 'name', 'postalCode']);
  });

  it('rejects a malformed email and an over-long postal code, like the server', () => {
    expect(validateCheckout({ ...valid, email: 'ada@', postalCode: '1'.repeat(21) })).toEqual({
      email: 'Enter an email address like ada@example.com',
      postalCode: 'Use at most 20 characters',
    });
  });
});

describe('toCustomer', () => {
  it('trims and leaves out an empty second line', () => {
    expect(toCustomer({ ...valid, name: ' Ada ' })).toEqual({
      name: 'Ada',
      email: 'ada@example.com',
      address: {
        line1: '12 Market Street',
        city: 'Lyon',
        postalCode: '69002',
        country: 'FR',
      },
    });
  });
});

describe('the card on the checkout form', () => {
  const card = valid;

  it('accepts a card as typed, spaces or dashes in its number', () => {
    expect(validateCheckout(card)).toEqual({});
    expect(validateCheckout({ ...card, cardNumber: '5555-5555-5555-4444' })).toEqual({});
  });

  it('names what is missing or malformed before anything is sent', () => {
    expect(validateCheckout({ ...card, cardNumber: '', expiry: '2030-12', cvc: '12' })).toEqual({
      cardNumber: 'Enter your card number',
      expiry: 'Enter the expiry date as MM/YY',
      cvc: 'Enter the 3 or 4 digits on the back of your card',
    });
    expect(validateCheckout({ ...card, cardNumber: '4242 4242' }).cardNumber).toBe('Enter the 12 to 19 digits of your card');
  });

  it('sends the card as `payment.card`', () => {
    expect(toPayment({ ...card, cvc: ' 123 ' })).toEqual({ card: { number: '4242 4242 4242 4242', expiry: '12/30', cvc: '123' } });
  });

  it('puts the server’s word on a card it refused on the field it names', () => {
    const refused = new ApiError(400, 'VALIDATION_FAILED', 'payment.card.number is not a valid card number (its check digit is wrong); payment.card.cvc must be 3 or 4 digits');
    expect(cardErrorsOf(refused)).toEqual({ cardNumber: 'The number is not a valid card number (its check digit is wrong)', cvc: 'The CVC must be 3 or 4 digits' });
    expect(cardErrorsOf(new ApiError(400, 'VALIDATION_FAILED', 'customer.email must be an email address'))).toEqual({});
    expect(cardErrorsOf(new ApiError(503, 'DEPENDENCY_UNAVAILABLE', 'payments is unavailable'))).toEqual({});
  });
});
