import { z } from 'zod';

export const CARD_BRANDS = ['visa', 'mastercard', 'amex', 'discover', 'unknown'] as const;
export type CardBrand = (typeof CARD_BRANDS)[number];

/** The Luhn checksum every card number carries: catches a mistyped digit before a provider sees it. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

/**
 * A card as the shopper types it. It goes from the gateway to payments' card provider only: it is
 * never stored, logged, traced or put on an event (payments keeps the brand and last four digits).
 */
export const cardSchema = z.object({
  number: z
    .string()
    .transform((typed) => typed.replace(/[\s-]/g, ''))
    .pipe(z.string().regex(/^\d{12,19}$/, 'must be 12 to 19 digits').refine(passesLuhn, 'is not a valid card number (its check digit is wrong)')),
  expiry: z.string().regex(/^(0[1-9]|1[0-2])\/\d{2}$/, 'must be MM/YY'),
  cvc: z.string().regex(/^\d{3,4}$/, 'must be 3 or 4 digits'),
});
export type Card = z.output<typeof cardSchema>;

/**
 * What a provider gives back for a card: an opaque reference to charge it later, and what may be
 * shown and stored (brand, last four digits). This is all the order and the events carry.
 */
export const paymentMethodSchema = z.object({
  id: z.string().min(1).max(200),
  brand: z.enum(CARD_BRANDS),
  last4: z.string().regex(/^\d{4}$/),
});
export type PaymentMethod = z.output<typeof paymentMethodSchema>;

/** Why a provider refused an authorization; PaymentDeclined carries it. */
export const DECLINE_REASONS = ['INSUFFICIENT_FUNDS', 'CARD_DECLINED', 'EXPIRED_CARD', 'NO_PAYMENT_METHOD'] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];

export { TEST_CARDS } from './test-cards';
