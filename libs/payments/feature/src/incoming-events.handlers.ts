import { Injectable, Logger } from '@nestjs/common';
import { EventOf, StockReserved } from '@bazaar/contracts';
import { EventHandler, EventHandlerSet, onEvent } from '@bazaar/shared/messaging';

/**
 * What payments does with the events it consumes. Each arrives validated against its contract,
 * and never twice for this consumer group: the consumer records its id in the processed-event store.
 * A handler that throws is retried with backoff; NonRetryableEventError parks the event on the
 * dead-letter topic with its reason.
 */
@Injectable()
export class IncomingEventsHandlers implements EventHandlerSet {
  private readonly logger = new Logger(IncomingEventsHandlers.name);

  readonly handlers: EventHandler[] = [
    onEvent(StockReserved, (event) => this.onStockReserved(event)),
  ];

  private async onStockReserved(event: EventOf<typeof StockReserved>): Promise<void> {
    this.logger.log({ msg: 'event received', eventId: event.id, eventType: event.type });
  }
}
