import type { ProductSnapshot } from '@bazaar/contracts';
import type { StoredCartLine } from './cart-line.model';
import { buildCartView } from './cart-view.builder';

const eur = (amount: number) => ({ amount, currency: 'EUR' });

function product(id: string, price: number, stock: number, currency = 'EUR'): ProductSnapshot {
  return { id, slug: `slug-${id}`, name: `Name ${id}`, image: id === 'p1' ? `/img/${id}.svg` : null, price: { amount: price, currency }, stock };
}

function line(productId: string, quantity: number, priceWhenAdded: number, addedAt: number): StoredCartLine {
  return { productId, quantity, priceWhenAdded: eur(priceWhenAdded), addedAt };
}

const catalog = (...products: ProductSnapshot[]) => new Map(products.map((p) => [p.id, p]));

describe('buildCartView', () => {
  it('prices an empty cart at zero in the cart currency', () => {
    expect(buildCartView('c1', [], new Map(), 'EUR')).toEqual({
      view: { cartId: 'c1', lines: [], itemCount: 0, subtotal: eur(0) },
      vanishedProductIds: [],
    });
  });

  it('computes line totals and the subtotal in minor units, in the order lines were added', () => {
    const { view } = buildCartView('c1', [line('p2', 1, 550, 20), line('p1', 3, 1999, 10)], catalog(product('p1', 1999, 10), product('p2', 550, 5)), 'EUR');
    expect(view.lines).toEqual([
      {
        productId: 'p1',
        slug: 'slug-p1',
        name: 'Name p1',
        image: '/img/p1.svg',
        quantity: 3,
        unitPrice: eur(1999),
        priceWhenAdded: eur(1999),
        priceChanged: false,
        lineTotal: eur(5997),
        available: true,
      },
      expect.objectContaining({ productId: 'p2', image: null, lineTotal: eur(550), available: true }),
    ]);
    expect(view.itemCount).toBe(4);
    expect(view.subtotal).toEqual(eur(6547));
  });

  it('orders lines added in the same millisecond by product id', () => {
    const { view } = buildCartView('c1', [line('b', 1, 1, 5), line('a', 1, 1, 5)], catalog(product('a', 1, 9), product('b', 1, 9)), 'EUR');
    expect(view.lines.map((l) => l.productId)).toEqual(['a', 'b']);
  });

  it('flags a price that changed since the line was added and uses the current price', () => {
    const { view } = buildCartView('c1', [line('p1', 2, 1000, 1)], catalog(product('p1', 1200, 9)), 'EUR');
    expect(view.lines[0]).toMatchObject({ unitPrice: eur(1200), priceWhenAdded: eur(1000), priceChanged: true, lineTotal: eur(2400) });
    expect(view.subtotal).toEqual(eur(2400));
  });

  it('marks a line unavailable when stock fell below its quantity and leaves it out of the subtotal', () => {
    const { view } = buildCartView('c1', [line('p1', 3, 100, 1), line('p2', 2, 50, 2)], catalog(product('p1', 100, 2), product('p2', 50, 2)), 'EUR');
    expect(view.lines.map((l) => [l.productId, l.available])).toEqual([
      ['p1', false],
      ['p2', true],
    ]);
    expect(view.itemCount).toBe(5);
    expect(view.subtotal).toEqual(eur(100));
  });

  it('marks a line unavailable when catalog now prices it in another currency', () => {
    const { view } = buildCartView('c1', [line('p1', 1, 100, 1)], catalog(product('p1', 100, 5, 'USD')), 'EUR');
    expect(view.lines[0]).toMatchObject({ available: false, priceChanged: true });
    expect(view.subtotal).toEqual(eur(0));
  });

  it('leaves out products catalog no longer has and reports them', () => {
    const priced = buildCartView('c1', [line('gone', 1, 100, 1), line('p1', 1, 100, 2)], catalog(product('p1', 100, 5)), 'EUR');
    expect(priced.view.lines.map((l) => l.productId)).toEqual(['p1']);
    expect(priced.view.itemCount).toBe(1);
    expect(priced.vanishedProductIds).toEqual(['gone']);
  });
});
