import { z } from 'zod';
import { defineEvent } from '../event-contract';
import { DECLINE_REASONS } from '../../payments/payment-card';
import { PAYMENTS_TOPIC } from '../topics';

/**
 * The provider refused the order's total (a final answer, not an outage): order cancels the order
 * with `message` as the reason the shopper reads; catalog then releases the stock, the cart keeps its lines.
 */
export const PaymentDeclined = defineEvent({
  name: 'PaymentDeclined',
  version: 1,
  topic: PAYMENTS_TOPIC,
  key: (data) => data.orderId,
  schema: z.object({
    orderId: z.string().min(1),
    reason: z.enum(DECLINE_REASONS),
    /** For the shopper, e.g. "Payment declined: insufficient funds (visa ending 9995)". */
    message: z.string().min(1),
  }),
});
