import type { Money } from '@bazaar/contracts';
import { formatMoney } from '../lib/money';

export function Price({ money, className }: { money: Money; className?: string }) {
  return <span className={className ? `price ${className}` : 'price'}>{formatMoney(money)}</span>;
}
