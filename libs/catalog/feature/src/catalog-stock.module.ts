import { DynamicModule, Module } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import { Connection } from 'mongoose';
import { CatalogDataAccessModule } from '@bazaar/catalog/data-access';
import { MongoProcessedEventStore, PROCESSED_EVENT_STORE } from '@bazaar/shared/messaging';
import { CATALOG_CONSUMER_GROUP, OrderPlacedConsumer } from './order-placed.consumer';
import { DEFAULT_STOCK_OUTBOX_RELAY_OPTIONS, STOCK_OUTBOX_RELAY_OPTIONS, StockOutboxRelay, StockOutboxRelayOptions } from './stock-outbox-relay';
import { StockReservationService } from './stock-reservation.service';

export interface CatalogStockOptions {
  /** Kafka consumer group of catalog's saga consumer. */
  consumerGroup?: string;
  relay?: Partial<StockOutboxRelayOptions>;
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
        StockOutboxRelay,
        OrderPlacedConsumer,
        { provide: STOCK_OUTBOX_RELAY_OPTIONS, useValue: { ...DEFAULT_STOCK_OUTBOX_RELAY_OPTIONS, ...relay } },
        { provide: CATALOG_CONSUMER_GROUP, useValue: consumerGroup },
        { provide: PROCESSED_EVENT_STORE, inject: [getConnectionToken()], useFactory: (mongo: Connection) => new MongoProcessedEventStore(mongo) },
      ],
      exports: [StockReservationService, StockOutboxRelay],
    };
  }
}
