import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { EventSubscriptions, PROCESSED_EVENT_STORE, ProcessedEventStore } from '@bazaar/shared/messaging';
import { CART_CONSUMER_GROUP, OrderEventsHandlers } from './order-events.handlers';

/** Starts consuming order's events once the service is up, retrying in the background while Kafka is away. */
@Injectable()
export class OrderEventsConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly subscriptions: EventSubscriptions,
    private readonly orderEvents: OrderEventsHandlers,
    @Inject(PROCESSED_EVENT_STORE) private readonly store: ProcessedEventStore,
    @Inject(CART_CONSUMER_GROUP) private readonly groupId: string,
  ) {}

  onApplicationBootstrap(): void {
    this.subscriptions.startWhenAvailable({ groupId: this.groupId, handlers: this.orderEvents.handlers, store: this.store });
  }
}
