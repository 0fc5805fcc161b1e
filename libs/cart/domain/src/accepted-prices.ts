import type { Money, ProductSnapshot } from '@bazaar/contracts';
import type { StoredCartLine } from './cart-line.model';
import { moneyEquals } from './money.math';

/** A line's new price when added: the price the shopper accepted. */
export interface AcceptedPrice {
  productId: string;
  price: Money;
}

/**
 * What accepting current prices changes: every line whose price when added differs from catalog's
 * price now. Lines catalog no longer has, or prices in another currency than the cart's, are left
 * as they are: accepting cannot make them sellable.
 */
export function pricesToAccept(lines: readonly StoredCartLine[], products: ReadonlyMap<string, ProductSnapshot>, currency: string): AcceptedPrice[] {
  return lines.flatMap(({ productId, priceWhenAdded }) => {
    const price = products.get(productId)?.price;
    return price && price.currency === currency && !moneyEquals(price, priceWhenAdded) ? [{ productId, price }] : [];
  });
}
