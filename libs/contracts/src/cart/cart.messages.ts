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
