import { z } from 'zod';
import { defineEvent } from '../event-contract';
import { STOCK_TOPIC } from '../topics';

/** Catalog could not reserve every line; nothing stays reserved for this order. */
export const StockRejected = defineEvent({
  name: 'StockRejected',
  version: 1,
  topic: STOCK_TOPIC,
  key: (data) => data.orderId,
  schema: z.object({
    orderId: z.string().min(1),
    reason: z.string().min(1),
    unavailable: z.array(
      z.object({ productId: z.string().min(1), requested: z.number().int().positive(), available: z.number().int().nonnegative() }),
    ),
  }),
});
