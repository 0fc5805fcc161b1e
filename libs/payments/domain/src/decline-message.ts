import type { DeclineReason, PaymentMethod } from '@bazaar/contracts';

const DECLINE_TEXT: Readonly<Record<DeclineReason, string>> = {
  INSUFFICIENT_FUNDS: 'insufficient funds',
  CARD_DECLINED: 'the card was declined',
  EXPIRED_CARD: 'the card has expired',
  NO_PAYMENT_METHOD: 'no payment method was given',
};

/** What the shopper reads on the cancelled order, e.g. "Payment declined: insufficient funds (visa ending 9995)". */
export function declineMessage(reason: DeclineReason, method: Pick<PaymentMethod, 'brand' | 'last4'> | null): string {
  const card = method ? ` (${method.brand} ending ${method.last4})` : '';
  return `Payment declined: ${DECLINE_TEXT[reason]}${card}`;
}
