import type { Customer } from '@bazaar/contracts';

/** The checkout form as typed; every field is a string, trimmed on submit. */
export interface CheckoutForm {
  name: string;
  email: string;
  line1: string;
  line2: string;
  city: string;
  postalCode: string;
  country: string;
}

export type CheckoutField = keyof CheckoutForm;
export type CheckoutErrors = Partial<Record<CheckoutField, string>>;

export const EMPTY_CHECKOUT_FORM: CheckoutForm = {
  name: '',
  email: '',
  line1: '',
  line2: '',
  city: '',
  postalCode: '',
  country: '',
};

// The same rules as the server's (libs/contracts customerSchema and the gateway's CheckoutBody), so a
// shopper hears about a mistake before sending; the server still checks, and its message is shown too.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const COUNTRY = /^[A-Z]{2}$/;

function required(value: string, label: string, max: number): string | undefined {
  if (!value) return `Enter your ${label}`;
  if (value.length > max) return `Use at most ${max} characters`;
  return undefined;
}

export function validateCheckout(form: CheckoutForm): CheckoutErrors {
  const f = trimmed(form);
  const errors: CheckoutErrors = {
    name: required(f.name, 'name', 200),
    email: f.email && !EMAIL.test(f.email) ? 'Enter an email address like ada@example.com' : required(f.email, 'email', 320),
    line1: required(f.line1, 'street address', 200),
    line2: f.line2.length > 200 ? 'Use at most 200 characters' : undefined,
    city: required(f.city, 'city', 100),
    postalCode: required(f.postalCode, 'postal code', 20),
    country: COUNTRY.test(f.country) ? undefined : 'Choose a country',
  };
  return Object.fromEntries(Object.entries(errors).filter(([, message]) => message)) as CheckoutErrors;
}

function trimmed(form: CheckoutForm): CheckoutForm {
  return Object.fromEntries(Object.entries(form).map(([key, value]) => [key, value.trim()])) as unknown as CheckoutForm;
}

/** The request's `customer`, trimmed, with an empty second address line left out. */
export function toCustomer(form: CheckoutForm): Customer {
  const f = trimmed(form);
  return {
    name: f.name,
    email: f.email,
    address: {
      line1: f.line1,
      ...(f.line2 ? { line2: f.line2 } : {}),
      city: f.city,
      postalCode: f.postalCode,
      country: f.country,
    },
  };
}
