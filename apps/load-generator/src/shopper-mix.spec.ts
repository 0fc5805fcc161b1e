import { DEFAULT_MIX, feasibleAction, pickAction, ShopperAction } from './shopper-mix';

describe('pickAction', () => {
  it('splits [0, 1) by the weights, in order', () => {
    const mix = {
      browse: 50,
      search: 25,
      product: 25,
      addToCart: 0,
      viewCart: 0,
      checkout: 0,
      orderStatus: 0,
    };
    expect([0, 0.49, 0.5, 0.74, 0.75, 0.999].map((r) => pickAction(r, mix))).toEqual(['browse', 'browse', 'search', 'search', 'product', 'product']);
  });

  it('draws a realistic mix: mostly browsing, few checkouts', () => {
    const counts = {} as Record<ShopperAction, number>;
    for (let i = 0; i < 10_000; i++) {
      const action = pickAction(i / 10_000);
      counts[action] = (counts[action] ?? 0) + 1;
    }
    const total = Object.values(DEFAULT_MIX).reduce((a, b) => a + b, 0);
    for (const [action, weight] of Object.entries(DEFAULT_MIX)) expect(counts[action as ShopperAction] / 10_000).toBeCloseTo(weight / total, 2);
    expect(counts.browse + counts.search + counts.product).toBeGreaterThan(10 * counts.checkout);
  });
});

describe('feasibleAction', () => {
  it('adds to the cart before a checkout, and checks out a full cart instead of adding more', () => {
    expect(feasibleAction('checkout', { itemsInCart: 0, lastOrderId: null })).toBe('addToCart');
    expect(feasibleAction('checkout', { itemsInCart: 2, lastOrderId: null })).toBe('checkout');
    expect(feasibleAction('addToCart', { itemsInCart: 4, lastOrderId: null })).toBe('checkout');
  });

  it('asks about an order only after placing one', () => {
    expect(feasibleAction('orderStatus', { itemsInCart: 0, lastOrderId: null })).toBe('browse');
    expect(feasibleAction('orderStatus', { itemsInCart: 0, lastOrderId: 'o-1' })).toBe('orderStatus');
  });
});
