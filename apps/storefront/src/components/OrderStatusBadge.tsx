import type { OrderStatus } from '@bazaar/contracts';

const LABELS: Record<OrderStatus, string> = {
  PENDING: 'Pending',
  CONFIRMED: 'Confirmed',
  CANCELLED: 'Cancelled',
};

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  return (
    <span className={`order-status order-status--${status.toLowerCase()}`} data-status={status}>
      {LABELS[status]}
    </span>
  );
}
