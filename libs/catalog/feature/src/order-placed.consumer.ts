import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { OrderPlaced } from '@bazaar/contracts';
import { EventHandler, EventSubscriptions, onEvent, PROCESSED_EVENT_STORE, ProcessedEventStore } from '@bazaar/shared/messaging';
import { StockReservationService } from './stock-reservation.service';

export const CATALOG_CONSUMER_GROUP = Symbol('CATALOG_CONSUMER_GROUP');

/** Consumes OrderPlaced once the service is up; while Kafka is away it retries in the background and the service still boots. */
@Injectable()
export class OrderPlacedConsumer implements OnApplicationBootstrap {
  readonly handlers: EventHandler[] = [onEvent(OrderPlaced, async (event) => void (await this.reservation.reserve(event)))];

  constructor(
    private readonly subscriptions: EventSubscriptions,
    private readonly reservation: StockReservationService,
    @Inject(PROCESSED_EVENT_STORE) private readonly store: ProcessedEventStore,
    @Inject(CATALOG_CONSUMER_GROUP) private readonly groupId: string,
  ) {}

  onApplicationBootstrap(): void {
    this.subscriptions.startWhenAvailable({ groupId: this.groupId, handlers: this.handlers, store: this.store });
  }
}
