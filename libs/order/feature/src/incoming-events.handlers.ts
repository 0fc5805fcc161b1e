import { Injectable, Logger } from '@nestjs/common';
import { EventEnvelope, PaymentAuthorized, PaymentDeclined, StockRejected } from '@bazaar/contracts';
import { cancelOrder, confirmOrder, Order, TransitionResult } from '@bazaar/order/domain';
import { EventHandler, EventHandlerSet, NonRetryableEventError, onEvent } from '@bazaar/shared/messaging';
import { orderCancelled, orderConfirmed } from './order-events';
import { OrderTransitions } from './order-transitions.service';

/** A repeated answer finds the order already moved (see `answer`): no processed-event record is kept. */
const IDEMPOTENT = { naturallyIdempotent: true };

/**
 * Order's side of the saga: the participants' answers make the order final. Catalog's StockRejected
 * cancels it; once the stock is reserved payments answers, and PaymentAuthorized confirms it while
 * PaymentDeclined cancels it with the decline as the reason. StockReserved is payments' cue, not ours.
 */
@Injectable()
export class IncomingEventsHandlers implements EventHandlerSet {
  private readonly logger = new Logger(IncomingEventsHandlers.name);

  readonly handlers: EventHandler[] = [
    onEvent(StockRejected, (event) => this.answer(event, (order) => cancelOrder(order, event.data.reason), orderCancelled), IDEMPOTENT),
    onEvent(PaymentAuthorized, (event) => this.answer(event, confirmOrder, orderConfirmed), IDEMPOTENT),
    onEvent(PaymentDeclined, (event) => this.answer(event, (order) => cancelOrder(order, event.data.message), orderCancelled), IDEMPOTENT),
  ];

  constructor(private readonly transitions: OrderTransitions) {}

  /**
   * Naturally idempotent, which is all that de-duplicates these events: a repeated answer finds
   * the order already moved (`unchanged`) and does nothing, and the update is conditional on the
   * state it was decided from, so two racing deliveries cannot both apply.
   */
  private async answer(
    event: EventEnvelope<string, { orderId: string }>,
    transition: (order: Order) => TransitionResult,
    announce: (order: Order) => EventEnvelope,
  ): Promise<void> {
    const { orderId } = event.data;
    const result = await this.transitions.apply(orderId, transition, announce);
    switch (result.outcome) {
      case 'applied':
      case 'unchanged':
        return;
      case 'missing':
        // OrderPlaced is published only after the order is stored, so an answer about an unknown order is not ours to wait for.
        throw new NonRetryableEventError(`Order ${orderId} does not exist`);
      case 'raced':
        throw new Error(`Order ${orderId} changed while it was being updated; retrying reads it again`);
      case 'rejected':
        // An answer after the order was cancelled (its deadline passed first, or the other participant
        // said no) changes nothing here: every participant compensates on OrderCancelled, whichever of
        // the two it handles first (catalog releases the stock, payments voids an authorization; ADR 0007).
        // Anything else contradicts the saga (a no for a CONFIRMED order): park it.
        if (result.fromState === 'CANCELLED') {
          this.logger.warn({ orderId, eventId: event.id, eventType: event.type, orderStatus: result.fromState }, 'Late answer for a CANCELLED order ignored: compensated on OrderCancelled');
          return;
        }
        throw new NonRetryableEventError(result.reason);
    }
  }
}

