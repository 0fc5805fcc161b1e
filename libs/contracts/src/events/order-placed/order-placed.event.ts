import { z } from 'zod';
import { defineEvent } from '../event-contract';
import { moneySchema } from '../money.schema';
import { paymentMethodSchema } from '../../payments/payment-card';
import { ORDERS_TOPIC } from '../topics';

/**
 * An order was accepted as PENDING: catalog reserves its stock, payments keeps the total and the
 * payment method to authorize once the stock is reserved. `payment` was added to v1 as optional
 * (an OrderPlaced without it is declined by payments with NO_PAYMENT_METHOD).
 */
export const OrderPlaced = defineEvent({
  name: 'OrderPlaced',
  version: 1,
  topic: ORDERS_TOPIC,
  key: (data) => data.orderId,
  schema: z.object({
    orderId: z.string().min(1),
    cartId: z.string().min(1),
    lines: z
      .array(z.object({ productId: z.string().min(1), quantity: z.number().int().positive(), unitPrice: moneySchema }))
      .min(1),
    total: moneySchema,
    payment: paymentMethodSchema.optional(),
  }),
});
