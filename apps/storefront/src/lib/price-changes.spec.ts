import type { CartLineView, CartView } from '@bazaar/contracts';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/http';
import { cartPriceChanges, priceChangesOf } from './price-changes';

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const line = (productId: string, was: number, now: number): CartLineView => ({
  productId,
  slug: productId,
  name: `Name ${productId}`,
  image: null,
  quantity: 1,
  unitPrice: eur(now),
  priceWhenAdded: eur(was),
  priceChanged: was !== now,
  lineTotal: eur(now),
  available: true,
});
const cart = (...lines: CartLineView[]): CartView => ({ cartId: 'c1', lines, itemCount: lines.length, subtotal: eur(0) });

describe('price changes', () => {
  it('reads the changed lines of a PRICE_CHANGED refusal, and nothing from other errors', () => {
    const changedLines = [{ productId: 'p1', name: 'Mug', oldPrice: eur(1100), newPrice: eur(1250) }];
    expect(priceChangesOf(new ApiError(409, 'PRICE_CHANGED', 'Prices changed', { changedLines }))).toEqual(changedLines);
    expect(priceChangesOf(new ApiError(409, 'PRICE_CHANGED', 'Prices changed'))).toEqual([]);
    expect(priceChangesOf(new ApiError(409, 'OUT_OF_STOCK', 'Sold out'))).toBeUndefined();
  });

  it('shows what the cart flags, old and new price per line', () => {
    expect(cartPriceChanges(cart(line('p1', 1000, 1200), line('p2', 500, 500)))).toEqual([{ productId: 'p1', name: 'Name p1', oldPrice: eur(1000), newPrice: eur(1200) }]);
  });

  it('falls back to what the checkout reported while the cart still shows cached prices', () => {
    const reported = [
      { productId: 'p1', name: 'Mug', oldPrice: eur(1000), newPrice: eur(1200) },
      { productId: 'gone', name: 'Gone', oldPrice: eur(1), newPrice: eur(2) },
    ];
    expect(cartPriceChanges(cart(line('p1', 1000, 1000)), reported)).toEqual([reported[0]]);
  });
});
