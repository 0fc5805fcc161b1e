import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { EventSubscriptions, PROCESSED_EVENT_STORE, ProcessedEventStore } from '@bazaar/shared/messaging';
import { ORDER_CONSUMER_GROUP } from './order-feature.options';
import { StockEventsHandlers } from './stock-events.handlers';

/** Starts consuming catalog's stock events once the service is up, retrying in the background while Kafka is away. */
@Injectable()
export class StockEventsConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly subscriptions: EventSubscriptions,
    private readonly stockEvents: StockEventsHandlers,
    @Inject(PROCESSED_EVENT_STORE) private readonly store: ProcessedEventStore,
    @Inject(ORDER_CONSUMER_GROUP) private readonly groupId: string,
  ) {}

  onApplicationBootstrap(): void {
    this.subscriptions.startWhenAvailable({ groupId: this.groupId, handlers: this.stockEvents.handlers, store: this.store });
  }
}
