import { z } from 'zod';

/** The gateway issues cart ids as random UUIDs; anything else is a caller bug or a guess. */
export const cartIdSchema = z.uuid({ error: 'must be a UUID' });

/**
 * Catalog's ids are opaque strings; this bounds their length and alphabet, which also keeps them
 * safe as Redis hash fields and cache keys.
 */
export const productIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, "-" or "_"');

const positiveQuantity = z.number({ error: 'must be a number' }).int('must be an integer').positive('must be at least 1');

// Only the shape is checked here: MAX_LINE_QUANTITY and MAX_CART_LINES depend on what the cart
// already holds, so they are enforced inside the atomic Redis step, in one place.
export const cartRequestSchema = z.object({ cartId: cartIdSchema });

export const addCartItemRequestSchema = cartRequestSchema.extend({ productId: productIdSchema, quantity: positiveQuantity });

export const setCartItemQuantityRequestSchema = cartRequestSchema.extend({
  productId: productIdSchema,
  quantity: z.number({ error: 'must be a number' }).int('must be an integer').min(0, 'must be 0 or more'),
});

export const removeCartItemRequestSchema = cartRequestSchema.extend({ productId: productIdSchema });

export const lockCartForCheckoutRequestSchema = cartRequestSchema.extend({
  orderId: z.string().min(1).max(100),
  replacing: z.string().min(1).max(100).optional(),
});
