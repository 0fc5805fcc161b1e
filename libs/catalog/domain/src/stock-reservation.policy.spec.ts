import { mergeReservationLines, rejectionReason, shortLines } from './stock-reservation.policy';

describe('stock reservation policy', () => {
  it('merges lines of the same product, keeping first-seen order', () => {
    expect(mergeReservationLines([{ productId: 'a', quantity: 1 }, { productId: 'b', quantity: 2 }, { productId: 'a', quantity: 3 }])).toEqual([
      { productId: 'a', quantity: 4 },
      { productId: 'b', quantity: 2 },
    ]);
  });

  it('finds the lines short of stock, an unknown product having none', () => {
    const lines = [{ productId: 'a', quantity: 2 }, { productId: 'b', quantity: 2 }, { productId: 'x', quantity: 1 }];
    expect(shortLines(lines, new Map([['a', 5], ['b', 1]]))).toEqual([
      { productId: 'b', requested: 2, available: 1 },
      { productId: 'x', requested: 1, available: 0 },
    ]);
    expect(shortLines([{ productId: 'a', quantity: 2 }], new Map([['a', 2]]))).toEqual([]);
  });

  it('names the products and how many are available', () => {
    const reason = rejectionReason([{ productId: 'b', requested: 2, available: 1 }, { productId: 'x', requested: 1, available: 0 }], new Map([['b', 'Tea']]));
    expect(reason).toBe('Not enough stock for Tea (requested 2, available 1); x (requested 1, available 0)');
    expect(rejectionReason([])).toBe('Not enough stock');
  });
});
