import { DynamicModule, Module, Type } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import { Connection } from 'mongoose';
import { PaymentsDataAccessModule, PaymentsRepository } from '@bazaar/payments/data-access';
import type { CardProvider } from '@bazaar/payments/domain';
import { consumerGroupProvider, MongoProcessedEventStore, OutboxRelay, OutboxRelayOptions, outboxRelayProvider, PROCESSED_EVENT_STORE } from '@bazaar/shared/messaging';
import { cardProviderUnavailable } from './card-provider-unavailable.classifier';
import { CARD_PROVIDER } from './card-provider.token';
import { CardTokenization } from './card-tokenization.service';
import { IncomingEventsHandlers } from './incoming-events.handlers';
import { PaymentAuthorizations } from './payment-authorizations.service';
import { PaymentsController } from './payments.controller';
import { publishedContract } from './payments-events';
import { PaymentsQueries } from './payments-queries.service';
import { cardSimulatorSettingsProvider, SimulatedCardProvider } from './simulated-card.provider';

export interface PaymentsFeatureOptions {
  /** Kafka consumer group of the payments consumer. */
  consumerGroup?: string;
  relay?: Partial<OutboxRelayOptions>;
  /** The card provider (CARD_PROVIDER); the simulator by default. */
  cardProvider?: Type<CardProvider>;
}

/**
 * The request handlers of payments (get, tokenizeCard), its consumer (OrderPlaced, OrderCancelled on
 * orders.v1; StockReserved on stock.v1), its card provider and its outbox relay (PaymentAuthorized,
 * PaymentDeclined). Expects from the app: the MongoDB connection (MongoConnectionModule), KafkaModule
 * and, for the simulator, PAYMENTS_SIMULATOR_SLOW_MS in the configuration (3000 when absent).
 *
 * @example
 * // A real provider in place of the simulator:
 * PaymentsFeatureModule.forRoot({ cardProvider: AcmeCardProvider })
 */
@Module({})
export class PaymentsFeatureModule {
  static forRoot({ consumerGroup = 'payments', relay = {}, cardProvider = SimulatedCardProvider }: PaymentsFeatureOptions = {}): DynamicModule {
    return {
      module: PaymentsFeatureModule,
      imports: [PaymentsDataAccessModule],
      controllers: [PaymentsController],
      providers: [
        PaymentsQueries,
        CardTokenization,
        PaymentAuthorizations,
        cardSimulatorSettingsProvider,
        { provide: CARD_PROVIDER, useClass: cardProvider },
        outboxRelayProvider('payments', PaymentsRepository, publishedContract, relay),
        IncomingEventsHandlers,
        consumerGroupProvider(consumerGroup, IncomingEventsHandlers, { classifiers: [cardProviderUnavailable] }),
        { provide: PROCESSED_EVENT_STORE, inject: [getConnectionToken()], useFactory: (mongo: Connection) => new MongoProcessedEventStore(mongo) },
      ],
      exports: [OutboxRelay, PaymentAuthorizations, CARD_PROVIDER],
    };
  }
}
