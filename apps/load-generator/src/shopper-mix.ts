/** What a simulated shopper does next: one action, one HTTP request. */
export type ShopperAction = 'browse' | 'search' | 'product' | 'addToCart' | 'viewCart' | 'checkout' | 'orderStatus';

/**
 * Relative weights of a realistic visit: mostly browsing, searching and reading product pages,
 * some carts, few checkouts (a typical shop converts a few percent of visits).
 */
export const DEFAULT_MIX: Record<ShopperAction, number> = {
  browse: 30,
  search: 20,
  product: 25,
  addToCart: 12,
  viewCart: 6,
  checkout: 3,
  orderStatus: 4,
};

/** The action whose share of the weights contains `random` (in [0, 1)). */
export function pickAction(random: number, mix: Record<ShopperAction, number> = DEFAULT_MIX): ShopperAction {
  return pickWeighted(random, mix);
}

/** The key whose share of the weights contains `random` (in [0, 1)), in the weights' order. */
export function pickWeighted<K extends string>(random: number, weights: Record<K, number>): K {
  const entries = Object.entries(weights) as [K, number][];
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  let threshold = random * total;
  for (const [key, weight] of entries) {
    if (threshold < weight) return key;
    threshold -= weight;
  }
  return entries[entries.length - 1][0];
}

/** What a shopper needs to have done before an action makes sense. */
export interface ShopperState {
  itemsInCart: number;
  lastOrderId: string | null;
}

/** Items in the cart after which a shopper checks out instead of adding more (carts stay small and valid). */
export const CHECKOUT_AT_ITEMS = 4;

/** The action a shopper actually takes: nothing to check out means adding to the cart first, and so on. */
export function feasibleAction(wanted: ShopperAction, { itemsInCart, lastOrderId }: ShopperState): ShopperAction {
  if (wanted === 'checkout' && itemsInCart === 0) return 'addToCart';
  if (wanted === 'addToCart' && itemsInCart >= CHECKOUT_AT_ITEMS) return 'checkout';
  if (wanted === 'orderStatus' && !lastOrderId) return 'browse';
  return wanted;
}
