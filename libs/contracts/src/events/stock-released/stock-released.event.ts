import { z } from 'zod';
import { defineEvent } from '../event-contract';
import { productLinesSchema } from '../product-lines.schema';
import { STOCK_TOPIC } from '../topics';

/**
 * Catalog gave back the stock it had reserved for an order that was cancelled (compensation).
 * Published once per order; `lines` is what went back on the shelf.
 */
export const StockReleased = defineEvent({
  name: 'StockReleased',
  version: 1,
  topic: STOCK_TOPIC,
  key: (data) => data.orderId,
  schema: z.object({
    orderId: z.string().min(1),
    lines: productLinesSchema,
  }),
});
