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
import { orderSagaSettingsProvider } from './order-saga.settings';
import { OrderTransitions } from './order-transitions.service';
import { PendingDeadlineSweeper } from './pending-deadline.sweeper';
import { OrdersController } from './orders.controller';
import { publishedContract } from './order-events';
import { IncomingEventsHandlers } from './incoming-events.handlers';

export interface OrderFeatureOptions {
  /** Kafka consumer group of order's saga consumer (catalog's and payments' answers). */
  consumerGroup?: string;
  relay?: Partial<OutboxRelayOptions>;
}

/**
 * Checkout, order queries, the outbox relay, the saga consumer and the PENDING deadline. Expects,
 * from the app: the MongoDB connection, KafkaModule, clients for CART_SERVICE and CATALOG_SERVICE,
 * and ORDER_PENDING_TIMEOUT_MS / ORDER_PENDING_SWEEP_INTERVAL_MS in the configuration.
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
        orderSagaSettingsProvider,
        OrderTransitions,
        PendingDeadlineSweeper,
        outboxRelayProvider('order', OrdersRepository, publishedContract, relay),
        IncomingEventsHandlers,
        // stock.v1 (StockRejected) and payments.v1 (PaymentAuthorized, PaymentDeclined): readiness names it kafka-consumer:<consumerGroup>.
        consumerGroupProvider(consumerGroup, IncomingEventsHandlers),
        { provide: PROCESSED_EVENT_STORE, inject: [getConnectionToken()], useFactory: (mongo: Connection) => new MongoProcessedEventStore(mongo) },
      ],
      exports: [OutboxRelay, PendingDeadlineSweeper],
    };
  }
}
