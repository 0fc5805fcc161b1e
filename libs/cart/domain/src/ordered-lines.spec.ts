import { orderedQuantities } from './ordered-lines';

describe('orderedQuantities', () => {
  it('keeps one entry per product, in first-seen order', () => {
    expect(orderedQuantities([{ productId: 'mug', quantity: 2 }, { productId: 'tea', quantity: 1 }])).toEqual([
      { productId: 'mug', quantity: 2 },
      { productId: 'tea', quantity: 1 },
    ]);
  });

  it('sums a product the order lists twice', () => {
    expect(orderedQuantities([{ productId: 'mug', quantity: 2 }, { productId: 'tea', quantity: 1 }, { productId: 'mug', quantity: 3 }])).toEqual([
      { productId: 'mug', quantity: 5 },
      { productId: 'tea', quantity: 1 },
    ]);
  });

  it('ignores extra fields such as the unit price', () => {
    const line = { productId: 'mug', quantity: 1, unitPrice: { amount: 100, currency: 'EUR' } };
    expect(orderedQuantities([line])).toEqual([{ productId: 'mug', quantity: 1 }]);
  });

  it('takes nothing for no lines', () => {
    expect(orderedQuantities([])).toEqual([]);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses a quantity of %p', (quantity) => {
    expect(() => orderedQuantities([{ productId: 'mug', quantity }])).toThrow(RangeError);
  });
});
