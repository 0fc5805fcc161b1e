import { createEvent, EventContract, EventEnvelope, OrderCancelled, OrderConfirmed, OrderPlaced } from '@bazaar/contracts';
import { Order } from '@bazaar/order/domain';

/** `source` of every event order publishes. */
export const ORDER_SOURCE = 'order';

/** The integration events order publishes, by type: what the outbox relay may find in an outbox. */
const PUBLISHED: EventContract[] = [OrderPlaced, OrderConfirmed, OrderCancelled];
const byType = new Map(PUBLISHED.map((contract) => [contract.type, contract]));

export function publishedContract(type: string): EventContract {
  const contract = byType.get(type);
  if (!contract) throw new Error(`Order does not publish ${type}`);
  return contract;
}

const money = (order: Order, amount: number) => ({ amount, currency: order.currency });

export const orderPlaced = (order: Order): EventEnvelope =>
  createEvent(
    OrderPlaced,
    {
      orderId: order.id,
      cartId: order.cartId,
      lines: order.lines.map(({ productId, quantity, unitPrice }) => ({ productId, quantity, unitPrice: money(order, unitPrice) })),
      total: money(order, order.total),
      // Payments authorizes the total with it once the stock is reserved.
      ...(order.payment && { payment: order.payment }),
    },
    { source: ORDER_SOURCE },
  );

export const orderConfirmed = (order: Order): EventEnvelope =>
  createEvent(
    OrderConfirmed,
    { orderId: order.id, cartId: order.cartId, lines: order.lines.map(({ productId, quantity }) => ({ productId, quantity })), total: money(order, order.total) },
    { source: ORDER_SOURCE },
  );

export const orderCancelled = (order: Order): EventEnvelope =>
  createEvent(OrderCancelled, { orderId: order.id, cartId: order.cartId, reason: order.cancelReason ?? 'Cancelled' }, { source: ORDER_SOURCE });
