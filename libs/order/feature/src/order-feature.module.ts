import { DynamicModule, Module } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import { Connection } from 'mongoose';
import { OrderDataAccessModule, OrdersRepository } from '@bazaar/order/data-access';
import {
  consumerGroupProvider,
  MongoProcessedEventStore,
  OutboxRelay,
  OutboxRelayOptions,
  outboxRelayProvider,
  PROCESSED_EVENT_STORE,
} from '@bazaar/shared/messaging';
import { CheckoutService } from './checkout.service';
import { OrderQueries } from './order-queries.service';
import { OrdersController } from './orders.controller';
import { publishedContract } from './order-events';
import { StockEventsHandlers } from './stock-events.handlers';

export interface OrderFeatureOptions {
  /** Kafka consumer group of order's saga consumer. */
  consumerGroup?: string;
  relay?: Partial<OutboxRelayOptions>;
}

/**
 * Checkout, order queries, the outbox relay and the saga consumer. Expects, from the app: the
 * MongoDB connection, KafkaModule, and clients for CART_SERVICE and CATALOG_SERVICE.
 */
@Module({})
export class OrderFeatureModule {
  static forRoot({ consumerGroup = 'order', relay = {} }: OrderFeatureOptions = {}): DynamicModule {
    return {
      module: OrderFeatureModule,
      imports: [OrderDataAccessModule],
      controllers: [OrdersController],
      providers: [
        CheckoutService,
        OrderQueries,
        outboxRelayProvider('order', OrdersRepository, publishedContract, relay),
        StockEventsHandlers,
        consumerGroupProvider(consumerGroup, StockEventsHandlers),
        { provide: PROCESSED_EVENT_STORE, inject: [getConnectionToken()], useFactory: (mongo: Connection) => new MongoProcessedEventStore(mongo) },
      ],
      exports: [OutboxRelay],
    };
  }
}
