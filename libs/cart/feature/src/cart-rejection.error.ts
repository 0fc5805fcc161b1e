import { CartRejection, CartRejectionCode, describeRejection } from '@bazaar/cart/domain';
import { ServiceError } from '@bazaar/shared/rpc';

/** A quantity over the per-line limit is a bad request; stock, a full cart and currency conflict with the state. */
const STATUS: Record<CartRejectionCode, number> = {
  QUANTITY_LIMIT: 400,
  OUT_OF_STOCK: 409,
  CART_FULL: 409,
  CURRENCY_MISMATCH: 409,
};

export function rejectionError(rejection: CartRejection): ServiceError {
  return new ServiceError(STATUS[rejection.code], rejection.code, describeRejection(rejection));
}
