import { randomInt } from 'node:crypto';
import { Customer, passesLuhn, TEST_CARDS } from '@bazaar/contracts';

/** A shopper every suite may check out as. */
export const TEST_CUSTOMER: Customer = {
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  address: { line1: '12 Market Street', city: 'Lyon', postalCode: '69002', country: 'FR' },
};

/** An expiry two years ahead, as MM/YY: never in the past, whenever the suite runs. */
export function futureExpiry(now = new Date()): string {
  return `${String(now.getUTCMonth() + 1).padStart(2, '0')}/${String((now.getUTCFullYear() + 2) % 100).padStart(2, '0')}`;
}

/**
 * The body of `POST /api/checkout` as the storefront sends it: the customer and a card, by default
 * one that approves (TEST_CARDS says what each number does).
 */
export function checkoutBody(customer: Customer = TEST_CUSTOMER, number: string = TEST_CARDS.approves, cvc = '123') {
  return { customer, payment: { card: { number, expiry: futureExpiry(), cvc } } };
}

/**
 * A valid Visa number of 16 digits no other run uses (so a scan of logs and spans for it finds
 * only this run's leaks), none of TEST_CARDS: the simulator approves it.
 */
export function uniqueCardNumber(): string {
  const body = `4${Array.from({ length: 14 }, () => randomInt(10)).join('')}`;
  const check = [...'0123456789'].find((digit) => passesLuhn(body + digit));
  return body + check;
}
