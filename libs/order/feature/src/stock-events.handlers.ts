import { Injectable } from '@nestjs/common';
import { EventEnvelope, StockRejected, StockReserved } from '@bazaar/contracts';
import { cancelOrder, confirmOrder, Order, TransitionResult } from '@bazaar/order/domain';
import { OrdersRepository } from '@bazaar/order/data-access';
import { EventHandler, EventHandlerSet, NonRetryableEventError, onEvent, OutboxRelay } from '@bazaar/shared/messaging';
import { orderCancelled, orderConfirmed } from './order-events';

/** Order's side of the saga: catalog's answer about stock makes the order final. */
@Injectable()
export class StockEventsHandlers implements EventHandlerSet {
  readonly handlers: EventHandler[] = [
    onEvent(StockReserved, (event) => this.apply(event.data.orderId, confirmOrder, orderConfirmed)),
    onEvent(StockRejected, (event) => this.apply(event.data.orderId, (order) => cancelOrder(order, event.data.reason), orderCancelled)),
  ];

  constructor(
    private readonly orders: OrdersRepository,
    private readonly relay: OutboxRelay,
  ) {}

  /**
   * Naturally idempotent, on top of the consumer's processed-event record: a repeated event finds
   * the order already moved (`unchanged`) and does nothing, and the update is conditional on the
   * state it was decided from, so two racing deliveries cannot both apply.
   */
  private async apply(orderId: string, transition: (order: Order) => TransitionResult, announce: (order: Order) => EventEnvelope): Promise<void> {
    const order = await this.orders.findById(orderId);
    // OrderPlaced is published only after the order is stored, so a stock event for an unknown order is not ours to wait for.
    if (!order) throw new NonRetryableEventError(`Order ${orderId} does not exist`);
    const result = transition(order);
    if (result.outcome === 'unchanged') return;
    if (result.outcome === 'rejected') throw new NonRetryableEventError(result.reason);
    if (!(await this.orders.applyTransition(result.order, order.status, announce(result.order)))) {
      throw new Error(`Order ${orderId} changed while it was being updated; retrying reads it again`);
    }
    this.relay.nudge(orderId);
  }
}
