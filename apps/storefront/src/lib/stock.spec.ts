import { describe, expect, it } from 'vitest';
import { stockState } from './stock';

describe('stockState', () => {
  it.each([
    [0, 'out', 'Out of stock'],
    [1, 'low', 'Only 1 left'],
    [5, 'low', 'Only 5 left'],
    [6, 'in', 'In stock'],
  ])('%i units → %s', (stock, kind, label) => {
    expect(stockState(stock)).toEqual({ kind, label });
  });
});
