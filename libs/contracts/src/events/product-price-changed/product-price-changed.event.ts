import { z } from 'zod';
import { defineEvent } from '../event-contract';
import { moneySchema } from '../money.schema';
import { PRODUCTS_TOPIC } from '../topics';

/**
 * An administrator changed a product's price. `revision` is the product's revision that carries
 * `newPrice`: a consumer that keeps prices can ignore an event older than what it holds.
 */
export const ProductPriceChanged = defineEvent({
  name: 'ProductPriceChanged',
  version: 1,
  topic: PRODUCTS_TOPIC,
  key: (data) => data.productId,
  schema: z.object({
    productId: z.string().min(1),
    categoryId: z.string().min(1),
    revision: z.number().int().positive(),
    oldPrice: moneySchema,
    newPrice: moneySchema,
  }),
});
