import type { Money } from '@bazaar/contracts';

/** A cart line as the cart stores it: what the shopper chose and the price they saw then. */
export interface StoredCartLine {
  productId: string;
  quantity: number;
  priceWhenAdded: Money;
  /** Epoch milliseconds of the line's first addition; lines are shown in this order. */
  addedAt: number;
}
