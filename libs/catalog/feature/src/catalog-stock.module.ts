import { DynamicModule, Module } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import { Connection } from 'mongoose';
import { CatalogDataAccessModule, ReservationsRepository } from '@bazaar/catalog/data-access';
import {
  consumerGroupProvider,
  MongoProcessedEventStore,
  OutboxRelay,
  OutboxRelayOptions,
  outboxRelayProvider,
  PROCESSED_EVENT_STORE,
} from '@bazaar/shared/messaging';
import { claimInProgress } from './claim-in-progress.error';
import { OrderEventsHandlers } from './order-events.handlers';
import { publishedContract } from './stock-events';
import { CLAIM_LEASE_MS, DEFAULT_CLAIM_LEASE_MS, StockReservationService } from './stock-reservation.service';

export interface CatalogStockOptions {
  /** Kafka consumer group of catalog's saga consumer. */
  consumerGroup?: string;
  relay?: Partial<OutboxRelayOptions>;
  /** How long a delivery's claim on a stock movement lasts before another delivery may take it over. */
  claimLeaseMs?: number;
}

/**
 * Catalog's side of the checkout saga: the OrderPlaced / OrderCancelled consumer, stock reservation
 * and its compensation, and the relay of its replies. Expects, from the app: the MongoDB connection and KafkaModule.
 */
@Module({})
export class CatalogStockModule {
  static forRoot({ consumerGroup = 'catalog', relay = {}, claimLeaseMs = DEFAULT_CLAIM_LEASE_MS }: CatalogStockOptions = {}): DynamicModule {
    return {
      module: CatalogStockModule,
      imports: [CatalogDataAccessModule],
      providers: [
        StockReservationService,
        { provide: CLAIM_LEASE_MS, useValue: claimLeaseMs },
        outboxRelayProvider('catalog', ReservationsRepository, publishedContract, relay),
        OrderEventsHandlers,
        consumerGroupProvider(consumerGroup, OrderEventsHandlers, { classifiers: [claimInProgress] }),
        { provide: PROCESSED_EVENT_STORE, inject: [getConnectionToken()], useFactory: (mongo: Connection) => new MongoProcessedEventStore(mongo) },
      ],
      exports: [StockReservationService, OutboxRelay],
    };
  }
}
