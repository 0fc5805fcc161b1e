import { TEST_CARDS, type Card, type CardBrand, type DeclineReason } from '@bazaar/contracts';
import type { AuthorizationAnswer } from './card-provider';

/** What a simulated card does when authorized; the simulator's token carries it, so no card is kept anywhere. */
export const SIMULATED_BEHAVIOURS = ['approves', 'insufficient_funds', 'declined', 'expired', 'fails_transiently', 'slow'] as const;
export type SimulatedBehaviour = (typeof SIMULATED_BEHAVIOURS)[number];

/** The transient test card's provider is unavailable this many times per idempotency key, then approves. */
export const SIMULATED_UNAVAILABLE_ATTEMPTS = 2;

const digits = (number: string) => number.replace(/\D/g, '');

const TEST_CARD_BEHAVIOUR = new Map<string, SimulatedBehaviour>([
  [digits(TEST_CARDS.insufficientFunds), 'insufficient_funds'],
  [digits(TEST_CARDS.declined), 'declined'],
  [digits(TEST_CARDS.expired), 'expired'],
  [digits(TEST_CARDS.failsTransiently), 'fails_transiently'],
  [digits(TEST_CARDS.slow), 'slow'],
]);

/** MM/YY: a card is valid through the last day of its month. */
function hasExpired(expiry: string, now: Date): boolean {
  const [month, year] = expiry.split('/').map(Number);
  return now.getTime() >= Date.UTC(2000 + year, month, 1);
}

/** The test cards do what their name says; a card past its expiry is declined as expired; every other card approves. */
export function simulatedBehaviourOf(card: Card, now: Date): SimulatedBehaviour {
  return TEST_CARD_BEHAVIOUR.get(digits(card.number)) ?? (hasExpired(card.expiry, now) ? 'expired' : 'approves');
}

/** The brand from the number's issuer prefix. */
export function cardBrandOf(number: string): CardBrand {
  const n = digits(number);
  const prefix = (length: number) => Number(n.slice(0, length));
  if (n.startsWith('4')) return 'visa';
  if ((prefix(2) >= 51 && prefix(2) <= 55) || (prefix(4) >= 2221 && prefix(4) <= 2720)) return 'mastercard';
  if (prefix(2) === 34 || prefix(2) === 37) return 'amex';
  if (n.startsWith('6011') || n.startsWith('65') || (prefix(3) >= 644 && prefix(3) <= 649)) return 'discover';
  return 'unknown';
}

export const last4Of = (number: string) => digits(number).slice(-4);

const TOKEN_PREFIX = 'pm_sim_';
const TOKEN = new RegExp(`^${TOKEN_PREFIX}(${SIMULATED_BEHAVIOURS.join('|')})_[A-Za-z0-9]+$`);

/** `pm_sim_<behaviour>_<unique>`: the simulator's payment method id. */
export const simulatedToken = (behaviour: SimulatedBehaviour, unique: string) => `${TOKEN_PREFIX}${behaviour}_${unique}`;

/** The behaviour a simulator token stands for; undefined for an id the simulator did not issue. */
export function simulatedBehaviourOfToken(paymentMethodId: string): SimulatedBehaviour | undefined {
  return TOKEN.exec(paymentMethodId)?.[1] as SimulatedBehaviour | undefined;
}

const DECLINES: Partial<Record<SimulatedBehaviour, DeclineReason>> = { insufficient_funds: 'INSUFFICIENT_FUNDS', declined: 'CARD_DECLINED', expired: 'EXPIRED_CARD' };

/**
 * The simulator's final answer for a behaviour (the transient card's outages and the slow card's
 * wait come before it). A method id it never issued is declined, as a provider does.
 */
export function simulatedAnswer(behaviour: SimulatedBehaviour | undefined, authorizationId: string): AuthorizationAnswer {
  if (!behaviour) return { outcome: 'declined', reason: 'CARD_DECLINED' };
  const reason = DECLINES[behaviour];
  return reason ? { outcome: 'declined', reason } : { outcome: 'approved', authorizationId };
}
