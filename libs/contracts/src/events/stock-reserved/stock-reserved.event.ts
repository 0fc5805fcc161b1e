import { z } from 'zod';
import { defineEvent } from '../event-contract';
import { productLinesSchema } from '../product-lines.schema';
import { STOCK_TOPIC } from '../topics';

/** Catalog reserved stock for every line of the order (all or nothing). */
export const StockReserved = defineEvent({
  name: 'StockReserved',
  version: 1,
  topic: STOCK_TOPIC,
  key: (data) => data.orderId,
  schema: z.object({
    orderId: z.string().min(1),
    lines: productLinesSchema,
  }),
});
