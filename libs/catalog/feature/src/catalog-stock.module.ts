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
import { OrderPlacedHandlers } from './order-placed.handlers';
import { publishedContract } from './stock-events';
import { StockReservationService } from './stock-reservation.service';

export interface CatalogStockOptions {
  /** Kafka consumer group of catalog's saga consumer. */
  consumerGroup?: string;
  relay?: Partial<OutboxRelayOptions>;
}

/**
 * Catalog's side of the checkout saga: the OrderPlaced consumer, stock reservation and the relay of
 * its replies. Expects, from the app: the MongoDB connection and KafkaModule.
 */
@Module({})
export class CatalogStockModule {
  static forRoot({ consumerGroup = 'catalog', relay = {} }: CatalogStockOptions = {}): DynamicModule {
    return {
      module: CatalogStockModule,
      imports: [CatalogDataAccessModule],
      providers: [
        StockReservationService,
        outboxRelayProvider('catalog', ReservationsRepository, publishedContract, relay),
        OrderPlacedHandlers,
        consumerGroupProvider(consumerGroup, OrderPlacedHandlers),
        { provide: PROCESSED_EVENT_STORE, inject: [getConnectionToken()], useFactory: (mongo: Connection) => new MongoProcessedEventStore(mongo) },
      ],
      exports: [StockReservationService, OutboxRelay],
    };
  }
}
