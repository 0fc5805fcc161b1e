import { MAX_CART_LINES, MAX_LINE_QUANTITY } from '@bazaar/contracts';

/**
 * An expected refusal to change a cart (a typed result, not an exception): the store decides it
 * atomically and the service turns it into a 4xx reply.
 */
export type CartRejection =
  | { code: 'QUANTITY_LIMIT'; productId: string; current: number; requested: number }
  | { code: 'OUT_OF_STOCK'; productId: string; current: number; requested: number; available: number }
  | { code: 'CART_FULL' }
  | { code: 'CURRENCY_MISMATCH'; productId: string; productCurrency: string; cartCurrency: string };

export type CartRejectionCode = CartRejection['code'];

function already(current: number): string {
  return current > 0 ? ` (the cart already has ${current})` : '';
}

export function describeRejection(rejection: CartRejection): string {
  switch (rejection.code) {
    case 'QUANTITY_LIMIT':
      return `At most ${MAX_LINE_QUANTITY} of one product fit in a cart; ${rejection.requested} of ${rejection.productId} requested${already(rejection.current)}`;
    case 'OUT_OF_STOCK':
      return `Only ${rejection.available} of ${rejection.productId} available; ${rejection.requested} requested${already(rejection.current)}`;
    case 'CART_FULL':
      return `A cart holds at most ${MAX_CART_LINES} different products`;
    case 'CURRENCY_MISMATCH':
      return `${rejection.productId} is priced in ${rejection.productCurrency}; this cart is in ${rejection.cartCurrency}`;
  }
}

/** A cart is priced in one currency, so its subtotal is a plain sum. */
export function currencyRejection(productId: string, productCurrency: string, cartCurrency: string): CartRejection | undefined {
  return productCurrency === cartCurrency ? undefined : { code: 'CURRENCY_MISMATCH', productId, productCurrency, cartCurrency };
}
