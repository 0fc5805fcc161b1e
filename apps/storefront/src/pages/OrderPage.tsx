import type { OrderView } from '@bazaar/contracts';
import { useEffect } from 'react';
import { Link, useParams } from 'react-router';
import { OrderStatusBadge } from '../components/OrderStatusBadge';
import { Price } from '../components/Price';
import { ErrorState } from '../components/States';
import { cardLabel } from '../lib/card';
import { formatDateTime, shortOrderId } from '../lib/dates';
import { useCart } from '../state/cart-context';
import { usePageTitle } from './page-title';
import { useOrder } from './use-order';

export function OrderPage() {
  const { orderId = '' } = useParams();
  const { order, error } = useOrder(orderId);
  const { refresh } = useCart();
  const status = order?.status;
  // Once the saga is done the cart service has taken the ordered lines out: the header's badge follows.
  useEffect(() => {
    if (status && status !== 'PENDING') void refresh();
  }, [status, refresh]);
  usePageTitle(order ? `Order ${shortOrderId(order.id)}` : 'Order');

  if (!order && error) return <ErrorState error={error} notFound="We could not find this order" />;
  if (!order) return <div className="skeleton skeleton--block" aria-busy="true" aria-label="Loading your order" />;
  return (
    <article className="order">
      <header className="page-header">
        <p className="muted">
          <Link to="/orders">Your orders</Link>
        </p>
        <h1 className="page-title">
          Order {shortOrderId(order.id)} <OrderStatusBadge status={order.status} />
        </h1>
        <p className="page-lead">Placed {formatDateTime(order.createdAt)}</p>
      </header>
      {error && (
        <p className="form-error" role="alert">
          {error.message} We keep checking.
        </p>
      )}
      <OrderProgress order={order} />
      <div className="cart-layout">
        <section className="order-lines" aria-label="Products ordered">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Product</th>
                <th scope="col" className="num">
                  Qty
                </th>
                <th scope="col" className="num">
                  Price
                </th>
                <th scope="col" className="num">
                  Total
                </th>
              </tr>
            </thead>
            <tbody>
              {order.lines.map((line) => (
                <tr key={line.productId}>
                  <td>{line.name}</td>
                  <td className="num">{line.quantity}</td>
                  <td className="num">
                    <Price money={line.unitPrice} />
                  </td>
                  <td className="num">
                    <Price money={line.lineTotal} />
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={3}>
                  Total
                </th>
                <td className="num">
                  <Price money={order.total} />
                </td>
              </tr>
            </tfoot>
          </table>
        </section>
        <aside className="summary" aria-label="Shipping">
          <h2 className="summary__title">Shipping to</h2>
          <address className="address">
            {order.customer.name}
            <br />
            {order.customer.address.line1}
            {order.customer.address.line2 && (
              <>
                <br />
                {order.customer.address.line2}
              </>
            )}
            <br />
            {order.customer.address.postalCode} {order.customer.address.city}
            <br />
            {new Intl.DisplayNames(undefined, { type: 'region' }).of(order.customer.address.country) ?? order.customer.address.country}
          </address>
          <p className="muted">{order.customer.email}</p>
          {order.payment && (
            <>
              <h2 className="summary__title">Paid with</h2>
              <p data-testid="order-card">{cardLabel(order.payment)}</p>
            </>
          )}
        </aside>
      </div>
    </article>
  );
}

function OrderProgress({ order }: { order: OrderView }) {
  if (order.status === 'CANCELLED') {
    return (
      <div className="banner banner--error order-outcome" role="status" aria-live="polite">
        <strong>This order was cancelled.</strong> <span data-testid="cancel-reason">{cancelReasonText(order.cancelReason)}</span> You have not been charged.
      </div>
    );
  }
  if (order.status === 'CONFIRMED') {
    return (
      <div className="banner banner--success order-outcome" role="status" aria-live="polite">
        <strong>Thank you, {order.customer.name.split(' ')[0]}! Your order is confirmed.</strong> We reserved every item, your card was authorized, and we
        will send a confirmation to{' '}
        {order.customer.email}.
      </div>
    );
  }
  return (
    <div className="banner banner--pending order-outcome" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>
        <strong>We received your order.</strong> Reserving your items and authorizing your card… this page updates by itself.
      </span>
    </div>
  );
}

/** The order service's reason, in words where it is a code (TIMED_OUT); a decline's own message as it is. */
function cancelReasonText(reason: string | null): string {
  if (reason === 'TIMED_OUT') return 'We could not confirm it in time.';
  if (!reason) return 'No reason was given.';
  return /[.!?]$/.test(reason) ? reason : `${reason}.`;
}
