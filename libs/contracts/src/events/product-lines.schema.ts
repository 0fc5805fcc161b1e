import { z } from 'zod';

/** Products and quantities of an order, without prices: what catalog reserves or releases, what leaves the cart. */
export const productLinesSchema = z.array(z.object({ productId: z.string().min(1), quantity: z.number().int().positive() })).min(1);
