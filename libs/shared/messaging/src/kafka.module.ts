import { DynamicModule, FactoryProvider, Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EventConsumer } from './event-consumer';
import { EventPublisher } from './event-publisher';
import { EventSubscriptions } from './event-subscriptions';
import { KafkaConnection } from './kafka-connection';
import { KAFKA_OPTIONS, KafkaOptions } from './kafka-options';

@Global()
@Module({})
export class KafkaModule {
  static forRootAsync(options: Omit<FactoryProvider<KafkaOptions>, 'provide'>): DynamicModule {
    return {
      module: KafkaModule,
      providers: [{ provide: KAFKA_OPTIONS, ...options }, KafkaConnection, EventPublisher, EventConsumer, EventSubscriptions],
      exports: [KafkaConnection, EventPublisher, EventConsumer, EventSubscriptions],
    };
  }

  /** The service's Kafka client from its validated config (`kafkaEnv` of @bazaar/shared/config), and SERVICE_NAME as client id. */
  static forService(): DynamicModule {
    return KafkaModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({
        clientId: config.getOrThrow<string>('SERVICE_NAME'),
        brokers: config.getOrThrow<string[]>('KAFKA_BROKERS'),
        topicPrefix: config.getOrThrow<string>('KAFKA_TOPIC_PREFIX'),
        sessionTimeoutMs: config.getOrThrow<number>('KAFKA_SESSION_TIMEOUT_MS'),
      }),
    });
  }
}
