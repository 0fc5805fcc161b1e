/** Below this many units the store says how many are left, so a shopper knows to hurry. */
export const LOW_STOCK = 5;

export type StockState = { kind: 'out'; label: string } | { kind: 'low'; label: string } | { kind: 'in'; label: string };

export function stockState(stock: number): StockState {
  if (stock <= 0) return { kind: 'out', label: 'Out of stock' };
  if (stock <= LOW_STOCK) return { kind: 'low', label: `Only ${stock} left` };
  return { kind: 'in', label: 'In stock' };
}
