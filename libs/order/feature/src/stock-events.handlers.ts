import { Injectable, Logger } from '@nestjs/common';
import { EventEnvelope, StockRejected, StockReserved } from '@bazaar/contracts';
import { cancelOrder, confirmOrder, Order, TransitionResult } from '@bazaar/order/domain';
import { EventHandler, EventHandlerSet, NonRetryableEventError, onEvent } from '@bazaar/shared/messaging';
import { orderCancelled, orderConfirmed } from './order-events';
import { OrderTransitions } from './order-transitions.service';

/** Order's side of the saga: catalog's answer about stock makes the order final. */
@Injectable()
export class StockEventsHandlers implements EventHandlerSet {
  private readonly logger = new Logger(StockEventsHandlers.name);

  readonly handlers: EventHandler[] = [
    onEvent(StockReserved, (event) => this.apply(event.data.orderId, confirmOrder, orderConfirmed)),
    onEvent(StockRejected, (event) => this.apply(event.data.orderId, (order) => cancelOrder(order, event.data.reason), orderCancelled)),
  ];

  constructor(private readonly transitions: OrderTransitions) {}

  /**
   * Naturally idempotent, on top of the consumer's processed-event record: a repeated event finds
   * the order already moved (`unchanged`) and does nothing, and the update is conditional on the
   * state it was decided from, so two racing deliveries cannot both apply.
   */
  private async apply(orderId: string, transition: (order: Order) => TransitionResult, announce: (order: Order) => EventEnvelope): Promise<void> {
    const result = await this.transitions.apply(orderId, transition, announce);
    switch (result.outcome) {
      case 'applied':
      case 'unchanged':
        return;
      case 'missing':
        // OrderPlaced is published only after the order is stored, so a stock event for an unknown order is not ours to wait for.
        throw new NonRetryableEventError(`Order ${orderId} does not exist`);
      case 'raced':
        throw new Error(`Order ${orderId} changed while it was being updated; retrying reads it again`);
      case 'rejected':
        // Catalog answered after the order was cancelled (its deadline passed first). Nothing to do
        // here: catalog releases whatever it reserved once it sees OrderCancelled, whichever of
        // the two it handles first (ADR 0007). Anything else contradicts the saga: park it.
        if (result.fromState === 'CANCELLED') {
          this.logger.warn(`Order ${orderId} is already CANCELLED; catalog's late answer is ignored and its stock released on OrderCancelled`);
          return;
        }
        throw new NonRetryableEventError(result.reason);
    }
  }
}
