import { Injectable, Logger } from '@nestjs/common';
import { EventEnvelope, OrderCancelled, OrderPlaced, PaymentStatus, StockReserved } from '@bazaar/contracts';
import { EventHandler, EventHandlerSet, onEvent } from '@bazaar/shared/messaging';
import { PaymentAuthorizations } from './payment-authorizations.service';

/**
 * Every step finds the payment where it is (an insert on `_id`, updates conditional on the status,
 * the provider's idempotency key): no processed-event record is kept (PaymentAuthorizations).
 */
const IDEMPOTENT = { naturallyIdempotent: true };

/**
 * What payments does with the events it consumes (consumer group `payments`, on orders.v1 and
 * stock.v1: the topics of these contracts). Each arrives validated against its contract; a repeat
 * of an event is a no-op by the payment's own state. A handler that throws is retried:
 * with backoff and without limit while the card provider is unavailable (cardProviderUnavailable),
 * a bounded number of times otherwise; NonRetryableEventError parks the event on the dead-letter topic.
 */
@Injectable()
export class IncomingEventsHandlers implements EventHandlerSet {
  private readonly logger = new Logger(IncomingEventsHandlers.name);

  readonly handlers: EventHandler[] = [
    onEvent(OrderPlaced, async (event) => this.handled(event, await this.payments.orderPlaced(event.data)), IDEMPOTENT),
    onEvent(StockReserved, async (event) => this.handled(event, await this.payments.stockReserved(event.data.orderId)), IDEMPOTENT),
    onEvent(OrderCancelled, async (event) => this.handled(event, await this.payments.orderCancelled(event.data.orderId)), IDEMPOTENT),
  ];

  constructor(private readonly payments: PaymentAuthorizations) {}

  private handled(event: EventEnvelope<string, { orderId: string }>, status: PaymentStatus): void {
    this.logger.debug({ msg: 'event handled', eventId: event.id, eventType: event.type, orderId: event.data.orderId, status });
  }
}
