import { DynamicModule, Module } from '@nestjs/common';
import Redis from 'ioredis';
import { CartDataAccessModule, REDIS_CLIENT, RedisProcessedEventStore } from '@bazaar/cart/data-access';
import { consumerGroupProvider, PROCESSED_EVENT_STORE } from '@bazaar/shared/messaging';
import { CART_CONSUMER_GROUP, OrderEventsHandlers } from './order-events.handlers';

export interface CartOrderEventsOptions {
  /** Kafka consumer group of cart's saga consumer. */
  consumerGroup?: string;
}

/**
 * Cart's saga consumer: settles the cart on OrderConfirmed / OrderCancelled. Expects KafkaModule from the app;
 * reads REDIS_URL, CART_TTL_SECONDS, PRODUCT_CACHE_TTL_MS (through the data access). Kept apart
 * from CartFeatureModule so the request handlers can run without Kafka.
 */
@Module({})
export class CartOrderEventsModule {
  static forRoot({ consumerGroup = 'cart' }: CartOrderEventsOptions = {}): DynamicModule {
    return {
      module: CartOrderEventsModule,
      imports: [CartDataAccessModule],
      providers: [
        OrderEventsHandlers,
        consumerGroupProvider(consumerGroup, OrderEventsHandlers),
        { provide: CART_CONSUMER_GROUP, useValue: consumerGroup },
        { provide: PROCESSED_EVENT_STORE, inject: [REDIS_CLIENT], useFactory: (redis: Redis) => new RedisProcessedEventStore(redis) },
      ],
    };
  }
}
