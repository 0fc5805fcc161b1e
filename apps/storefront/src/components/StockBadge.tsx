import { stockState } from '../lib/stock';

export function StockBadge({ stock }: { stock: number }) {
  const { kind, label } = stockState(stock);
  return <span className={`stock stock--${kind}`}>{label}</span>;
}
