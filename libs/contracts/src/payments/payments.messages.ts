import { z } from 'zod';
import { Money } from '../money';
import { CardBrand, cardSchema, DeclineReason } from './payment-card';

/** Request/response patterns the payments service answers on its microservice transport. */
export const PaymentsPatterns = {
  /** The payment of one order (by order id). */
  get: 'payments.get',
  /** Hands a card to the provider and answers with a PaymentMethod (the card itself is kept nowhere). */
  tokenizeCard: 'payments.tokenizeCard',
} as const;

export const getPaymentsRequestSchema = z.object({ id: z.string().min(1).max(100) });
export type GetPaymentsRequest = z.output<typeof getPaymentsRequestSchema>;

export const tokenizeCardRequestSchema = z.object({ card: cardSchema });
export type TokenizeCardRequest = z.output<typeof tokenizeCardRequestSchema>;

/**
 * Where an order's payment is: waiting for its order (OrderPlaced) or its stock (StockReserved),
 * AUTHORIZING once both are known (the provider is being asked, retried while it is unavailable),
 * then AUTHORIZED or DECLINED; VOIDED when the order was cancelled after the authorization, and
 * CANCELLED when it was cancelled before one was made.
 */
export const PAYMENT_STATUSES = ['AWAITING_ORDER', 'AWAITING_STOCK', 'AUTHORIZING', 'AUTHORIZED', 'DECLINED', 'VOIDED', 'CANCELLED'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export interface PaymentsView {
  /** The order id. */
  id: string;
  status: PaymentStatus;
  amount: Money | null;
  brand: CardBrand | null;
  last4: string | null;
  declineReason: DeclineReason | null;
  /** Authorization attempts made, transient failures included. */
  attempts: number;
  /** ISO 8601. */
  updatedAt: string;
}
