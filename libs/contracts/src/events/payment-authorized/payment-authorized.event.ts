import { z } from 'zod';
import { defineEvent } from '../event-contract';
import { moneySchema } from '../money.schema';
import { CARD_BRANDS } from '../../payments/payment-card';
import { PAYMENTS_TOPIC } from '../topics';

/** The provider authorized the order's total (after its stock was reserved): order confirms it. */
export const PaymentAuthorized = defineEvent({
  name: 'PaymentAuthorized',
  version: 1,
  topic: PAYMENTS_TOPIC,
  key: (data) => data.orderId,
  schema: z.object({
    orderId: z.string().min(1),
    /** The provider's reference of the authorization. */
    authorizationId: z.string().min(1),
    amount: moneySchema,
    brand: z.enum(CARD_BRANDS),
    last4: z.string().regex(/^\d{4}$/),
  }),
});
