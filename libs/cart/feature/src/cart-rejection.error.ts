import { CartRejection, CartRejectionCode, describeRejection } from '@bazaar/cart/domain';
import { ServiceError } from '@bazaar/shared/rpc';

/**
 * Each conflicts with what the cart or the catalog holds: a line that would pass the per-line limit
 * with what is already in it, stock, a full cart, currency. A request that is invalid on its own
 * (a quantity over the limit) never gets here: the gateway refuses it with 400.
 */
const STATUS: Record<CartRejectionCode, number> = {
  QUANTITY_LIMIT: 409,
  OUT_OF_STOCK: 409,
  CART_FULL: 409,
  CURRENCY_MISMATCH: 409,
};

export function rejectionError(rejection: CartRejection): ServiceError {
  return new ServiceError(STATUS[rejection.code], rejection.code, describeRejection(rejection));
}
