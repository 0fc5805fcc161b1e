import { Injectable, Logger } from '@nestjs/common';
import { EventEnvelope, OrderCancelled, OrderPlaced, PaymentStatus, StockReserved } from '@bazaar/contracts';
import { EventHandler, EventHandlerSet, onEvent } from '@bazaar/shared/messaging';
import { PaymentAuthorizations } from './payment-authorizations.service';

/**
 * What payments does with the events it consumes (consumer group `payments`, on orders.v1 and
 * stock.v1: the topics of these contracts). Each arrives validated against its contract, and a
 * repeat of an event id is skipped by the processed-event store. A handler that throws is retried:
 * with backoff and without limit while the card provider is unavailable (cardProviderUnavailable),
 * a bounded number of times otherwise; NonRetryableEventError parks the event on the dead-letter topic.
 */
@Injectable()
export class IncomingEventsHandlers implements EventHandlerSet {
  private readonly logger = new Logger(IncomingEventsHandlers.name);

  readonly handlers: EventHandler[] = [
    onEvent(OrderPlaced, async (event) => this.handled(event, await this.payments.orderPlaced(event.data))),
    onEvent(StockReserved, async (event) => this.handled(event, await this.payments.stockReserved(event.data.orderId))),
    onEvent(OrderCancelled, async (event) => this.handled(event, await this.payments.orderCancelled(event.data.orderId))),
  ];

  constructor(private readonly payments: PaymentAuthorizations) {}

  private handled(event: EventEnvelope<string, { orderId: string }>, status: PaymentStatus): void {
    this.logger.debug({ msg: 'event handled', eventId: event.id, eventType: event.type, orderId: event.data.orderId, status });
  }
}
