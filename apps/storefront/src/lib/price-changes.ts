import type { CartView, PriceChange, PriceChangedDetails } from '@bazaar/contracts';
import type { ApiError } from '../api/http';

/** What the cart page reads from the router's state when checkout was refused with PRICE_CHANGED. */
export interface PriceChangedState {
  priceChanges: PriceChange[];
}

/** The changed lines a checkout refusal carries (PRICE_CHANGED's details); undefined for any other error. */
export function priceChangesOf(error: ApiError): PriceChange[] | undefined {
  if (error.code !== 'PRICE_CHANGED') return undefined;
  const { changedLines } = (error.details ?? {}) as Partial<PriceChangedDetails>;
  return Array.isArray(changedLines) ? changedLines : [];
}

/**
 * The price changes to show in the cart: those its lines flag, or, while the cart's cached prices
 * have not caught up yet, those the refused checkout reported for products still in the cart.
 */
export function cartPriceChanges(cart: CartView, fromCheckout: readonly PriceChange[] = []): PriceChange[] {
  const flagged = cart.lines
    .filter((line) => line.priceChanged)
    .map(({ productId, name, priceWhenAdded, unitPrice }) => ({ productId, name, oldPrice: priceWhenAdded, newPrice: unitPrice }));
  if (flagged.length > 0) return flagged;
  const inCart = new Set(cart.lines.map((line) => line.productId));
  return fromCheckout.filter((change) => inCart.has(change.productId));
}
