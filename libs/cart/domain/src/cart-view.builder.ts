import type { CartLineView, CartView, ProductSnapshot } from '@bazaar/contracts';
import type { StoredCartLine } from './cart-line.model';
import { moneyEquals, multiplyMoney, sumMoney } from './money.math';

export interface PricedCart {
  view: CartView;
  /** Lines whose product catalog no longer knows: left out of the view, for the caller to delete. */
  vanishedProductIds: string[];
}

function byAddition(a: StoredCartLine, b: StoredCartLine): number {
  return a.addedAt - b.addedAt || (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0);
}

function lineView(line: StoredCartLine, product: ProductSnapshot, currency: string): CartLineView {
  return {
    productId: line.productId,
    slug: product.slug,
    name: product.name,
    image: product.image,
    quantity: line.quantity,
    unitPrice: product.price,
    priceWhenAdded: line.priceWhenAdded,
    priceChanged: !moneyEquals(product.price, line.priceWhenAdded),
    lineTotal: multiplyMoney(product.price, line.quantity),
    // A line priced in another currency than the cart's cannot be checked out either.
    available: product.stock >= line.quantity && product.price.currency === currency,
  };
}

/**
 * Prices a cart with catalog's current snapshots. `itemCount` counts every shown item (the
 * badge); `subtotal` sums only available lines, which is what a checkout could charge now.
 */
export function buildCartView(
  cartId: string,
  lines: readonly StoredCartLine[],
  products: ReadonlyMap<string, ProductSnapshot>,
  currency: string,
): PricedCart {
  const views: CartLineView[] = [];
  const vanishedProductIds: string[] = [];
  for (const line of [...lines].sort(byAddition)) {
    const product = products.get(line.productId);
    if (product) views.push(lineView(line, product, currency));
    else vanishedProductIds.push(line.productId);
  }
  return {
    view: {
      cartId,
      lines: views,
      itemCount: views.reduce((count, line) => count + line.quantity, 0),
      subtotal: sumMoney(views.filter((line) => line.available).map((line) => line.lineTotal), currency),
    },
    vanishedProductIds,
  };
}
