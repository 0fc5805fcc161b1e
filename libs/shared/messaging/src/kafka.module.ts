import { DynamicModule, FactoryProvider, Global, Module } from '@nestjs/common';
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
}
