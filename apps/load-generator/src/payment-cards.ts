import { TEST_CARDS } from '@bazaar/contracts';
import { pickWeighted } from './shopper-mix';

/** Which test card a shopper pays with (payments' simulator: TEST_CARDS). */
export type CardChoice = keyof Pick<typeof TEST_CARDS, 'approves' | 'approvesMastercard' | 'insufficientFunds'>;

/**
 * Most payments go through, a few are declined for insufficient funds, so Jaeger always holds both
 * endings of a checkout: CONFIRMED, and CANCELLED with the stock and the cart given back.
 */
export const CARD_MIX: Record<CardChoice, number> = {
  approves: 80,
  approvesMastercard: 10,
  insufficientFunds: 10,
};

/** The `payment` of a checkout body, paying with the card `random` (in [0, 1)) falls on. */
export function paymentFor(random: number, mix: Record<CardChoice, number> = CARD_MIX) {
  // Any future expiry and any CVC will do for a test card.
  return { card: { number: TEST_CARDS[pickWeighted(random, mix)], expiry: '12/34', cvc: '123' } };
}
