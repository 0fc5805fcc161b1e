import { Link } from 'react-router';
import { storeApi } from '../api/store-api';
import { useApi } from '../api/use-api';
import { OrderStatusBadge } from '../components/OrderStatusBadge';
import { Price } from '../components/Price';
import { EmptyState, ErrorState } from '../components/States';
import { formatDateTime, shortOrderId } from '../lib/dates';
import { usePageTitle } from './page-title';

export function OrdersPage() {
  usePageTitle('Your orders');
  const orders = useApi('orders', (signal) => storeApi.orders({ signal }));

  return (
    <>
      <header className="page-header">
        <h1 className="page-title">Your orders</h1>
      </header>
      {orders.status === 'loading' && <div className="skeleton skeleton--block" aria-busy="true" aria-label="Loading your orders" />}
      {orders.status === 'error' && <ErrorState error={orders.error} onRetry={orders.reload} />}
      {orders.status === 'ok' && orders.data.items.length === 0 && (
        <EmptyState title="No orders yet">
          <p>
            Orders you place in this browser show up here. <Link to="/">Start shopping</Link>
          </p>
        </EmptyState>
      )}
      {orders.status === 'ok' && orders.data.items.length > 0 && (
        <ul className="order-list">
          {orders.data.items.map((order) => (
            <li key={order.id}>
              <Link to={`/orders/${order.id}`} className="order-row">
                <span className="order-row__id">Order {shortOrderId(order.id)}</span>
                <span className="muted">{formatDateTime(order.createdAt)}</span>
                <span className="muted">{order.lines.reduce((sum, line) => sum + line.quantity, 0)} items</span>
                <Price money={order.total} className="order-row__total" />
                <OrderStatusBadge status={order.status} />
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
