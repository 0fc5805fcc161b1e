import type { Customer } from '@bazaar/contracts';
import type { ApiError } from '../api/http';

/** The checkout form as typed; every field is a string, trimmed on submit. */
export interface CheckoutForm {
  name: string;
  email: string;
  line1: string;
  line2: string;
  city: string;
  postalCode: string;
  country: string;
  cardNumber: string;
  expiry: string;
  cvc: string;
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
  cardNumber: '',
  expiry: '',
  cvc: '',
};

// The same rules as the server's (libs/contracts customerSchema and the gateway's CheckoutBody), so a
// shopper hears about a mistake before sending; the server still checks, and its message is shown too.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const COUNTRY = /^[A-Z]{2}$/;
// The card's shape only: its check digit is the server's to check (contracts' cardSchema), and its answer is shown on the field.
const CARD_NUMBER = /^(?:\d[ -]*){12,19}$/;
const EXPIRY = /^(0[1-9]|1[0-2])\/\d{2}$/;
const CVC = /^\d{3,4}$/;

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
    cardNumber: !f.cardNumber ? 'Enter your card number' : CARD_NUMBER.test(f.cardNumber) ? undefined : 'Enter the 12 to 19 digits of your card',
    expiry: EXPIRY.test(f.expiry) ? undefined : 'Enter the expiry date as MM/YY',
    cvc: CVC.test(f.cvc) ? undefined : 'Enter the 3 or 4 digits on the back of your card',
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

/** The request's `payment`: the card as typed (the server takes spaces and dashes in its number). */
export function toPayment(form: CheckoutForm) {
  const f = trimmed(form);
  return { card: { number: f.cardNumber, expiry: f.expiry, cvc: f.cvc } };
}

const SERVER_CARD_FIELDS: Record<string, { field: CheckoutField; subject: string }> = {
  number: { field: 'cardNumber', subject: 'The number' },
  expiry: { field: 'expiry', subject: 'The expiry date' },
  cvc: { field: 'cvc', subject: 'The CVC' },
};

/**
 * The gateway's validation answer about the card (`payment.card.number is not a valid card number …`),
 * as errors on the fields it names; empty when it names none of them.
 */
export function cardErrorsOf(error: ApiError): CheckoutErrors {
  if (error.status !== 400) return {};
  const errors: CheckoutErrors = {};
  for (const problem of error.message.split('; ')) {
    const [, name, message] = /^payment\.card\.(number|expiry|cvc) (.+)$/.exec(problem) ?? [];
    if (name) errors[SERVER_CARD_FIELDS[name].field] = `${SERVER_CARD_FIELDS[name].subject} ${message}`;
  }
  return errors;
}
