import { Money } from '../money';

/** Request/response patterns the cart service answers on its microservice transport. */
export const CartPatterns = {
  get: 'cart.get',
  addItem: 'cart.items.add',
  setQuantity: 'cart.items.setQuantity',
  removeItem: 'cart.items.remove',
  clear: 'cart.clear',
  /** Takes catalog's current price as every line's price when added (a CartRequest; replies the CartView). */
  acceptPrices: 'cart.acceptPrices',
  lockForCheckout: 'cart.checkout.lock',
} as const;

export const MAX_LINE_QUANTITY = 20;
export const MAX_CART_LINES = 50;

export interface CartRequest {
  cartId: string;
}

export interface AddCartItemRequest extends CartRequest {
  productId: string;
  quantity: number;
}

export interface SetCartItemQuantityRequest extends CartRequest {
  productId: string;
  /** 0 removes the line. */
  quantity: number;
}

export interface RemoveCartItemRequest extends CartRequest {
  productId: string;
}

/**
 * Order asks the cart to be locked for checkout to the order it is placing: while that order is
 * PENDING, no other order can be placed from this cart (ADR 0007). The cart releases the lock
 * when it sees the order CONFIRMED or CANCELLED.
 */
export interface LockCartForCheckoutRequest extends CartRequest {
  orderId: string;
  /** Take the lock over from this order: the caller found it cancelled, or never stored. */
  replacing?: string;
}

export interface CartCheckoutLock {
  /** True when the cart is now locked to the requested order; false when `orderId` holds it. */
  locked: boolean;
  orderId: string;
  /** ISO 8601: when `orderId` took the lock. */
  lockedAt: string;
}

export interface CartLineView {
  productId: string;
  slug: string;
  name: string;
  image: string | null;
  quantity: number;
  unitPrice: Money;
  /** The price when the line was added; differs from unitPrice when catalog changed it since. */
  priceWhenAdded: Money;
  priceChanged: boolean;
  lineTotal: Money;
  /** False when catalog no longer has enough stock for this quantity. */
  available: boolean;
}

export interface CartView {
  cartId: string;
  lines: CartLineView[];
  itemCount: number;
  subtotal: Money;
}
