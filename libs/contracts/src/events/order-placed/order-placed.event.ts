import { z } from 'zod';
import { defineEvent } from '../event-contract';
import { moneySchema } from '../money.schema';
import { ORDERS_TOPIC } from '../topics';

/** An order was accepted as PENDING: catalog reserves its stock. */
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
  }),
});
