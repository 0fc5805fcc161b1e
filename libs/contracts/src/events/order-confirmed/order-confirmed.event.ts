import { z } from 'zod';
import { defineEvent } from '../event-contract';
import { productLinesSchema } from '../product-lines.schema';
import { moneySchema } from '../money.schema';
import { ORDERS_TOPIC } from '../topics';

/** The order's stock is reserved: the order is final and CONFIRMED; its lines leave the cart. */
export const OrderConfirmed = defineEvent({
  name: 'OrderConfirmed',
  version: 1,
  topic: ORDERS_TOPIC,
  key: (data) => data.orderId,
  schema: z.object({
    orderId: z.string().min(1),
    cartId: z.string().min(1),
    /** What leaves the shopper's cart (ADR 0007). */
    lines: productLinesSchema,
    total: moneySchema,
  }),
});
