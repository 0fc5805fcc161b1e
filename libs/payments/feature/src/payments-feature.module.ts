import { DynamicModule, Module } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import { Connection } from 'mongoose';
import { PaymentsDataAccessModule, PaymentsRepository } from '@bazaar/payments/data-access';
import { consumerGroupProvider, MongoProcessedEventStore, OutboxRelay, OutboxRelayOptions, outboxRelayProvider, PROCESSED_EVENT_STORE } from '@bazaar/shared/messaging';
import { PaymentsController } from './payments.controller';
import { publishedContract } from './payments-events';
import { PaymentsQueries } from './payments-queries.service';
import { IncomingEventsHandlers } from './incoming-events.handlers';

export interface PaymentsFeatureOptions {
  /** Kafka consumer group of the payments consumer. */
  consumerGroup?: string;
  relay?: Partial<OutboxRelayOptions>;
}

/**
 * The request handlers of payments, its consumer (StockReserved) and its outbox relay (PaymentAuthorized, PaymentDeclined).
 * Expects from the app: the MongoDB connection (MongoConnectionModule) and KafkaModule.
 */
@Module({})
export class PaymentsFeatureModule {
  static forRoot({ consumerGroup = 'payments', relay = {} }: PaymentsFeatureOptions = {}): DynamicModule {
    return {
      module: PaymentsFeatureModule,
      imports: [PaymentsDataAccessModule],
      controllers: [PaymentsController],
      providers: [
        PaymentsQueries,
        outboxRelayProvider('payments', PaymentsRepository, publishedContract, relay),
        IncomingEventsHandlers,
        consumerGroupProvider(consumerGroup, IncomingEventsHandlers),
        { provide: PROCESSED_EVENT_STORE, inject: [getConnectionToken()], useFactory: (mongo: Connection) => new MongoProcessedEventStore(mongo) },
      ],
      exports: [OutboxRelay],
    };
  }
}
