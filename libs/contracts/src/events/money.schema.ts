import { z } from 'zod';

/** Money in events: integer minor units and an ISO 4217 code (see `Money`). */
export const moneySchema = z.object({
  amount: z.number().int().nonnegative(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code'),
});
