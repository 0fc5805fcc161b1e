import { describe, expect, it } from 'vitest';
import { type CheckoutForm, toCustomer, validateCheckout } from './checkout-form';

const valid: CheckoutForm = {
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  line1: '12 Market Street',
  line2: '',
  city: 'Lyon',
  postalCode: '69002',
  country: 'FR',
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
