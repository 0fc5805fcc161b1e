import type { ProductSnapshot } from '@bazaar/contracts';
import { pricesToAccept } from './accepted-prices';

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const line = (productId: string, priceWhenAdded: number) => ({ productId, quantity: 1, priceWhenAdded: eur(priceWhenAdded), addedAt: 1 });
const product = (id: string, amount: number, currency = 'EUR'): ProductSnapshot => ({ id, slug: id, name: id, image: null, price: { amount, currency }, stock: 5 });
const catalog = (...products: ProductSnapshot[]) => new Map(products.map((p) => [p.id, p]));

describe('pricesToAccept', () => {
  it('takes catalog’s current price for every line whose price changed, and only those', () => {
    const lines = [line('up', 1000), line('same', 500), line('down', 900)];
    expect(pricesToAccept(lines, catalog(product('up', 1200), product('same', 500), product('down', 850)), 'EUR')).toEqual([
      { productId: 'up', price: eur(1200) },
      { productId: 'down', price: eur(850) },
    ]);
  });

  it('leaves lines catalog no longer has and prices in another currency alone', () => {
    expect(pricesToAccept([line('gone', 100), line('usd', 100)], catalog(product('usd', 120, 'USD')), 'EUR')).toEqual([]);
  });

  it('changes nothing in an empty cart', () => {
    expect(pricesToAccept([], catalog(), 'EUR')).toEqual([]);
  });
});
