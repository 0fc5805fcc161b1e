import { DynamicModule, Module } from '@nestjs/common';
import Redis from 'ioredis';
import { CartDataAccessModule, REDIS_CLIENT, RedisProcessedEventStore } from '@bazaar/cart/data-access';
import { consumerGroupProvider, PROCESSED_EVENT_STORE } from '@bazaar/shared/messaging';
import { CatalogEventsHandlers } from './catalog-events.handlers';
import { CART_CONSUMER_GROUP, OrderEventsHandlers } from './order-events.handlers';

export interface CartOrderEventsOptions {
  /** Kafka consumer group of cart's saga consumer. */
  consumerGroup?: string;
  /** Kafka consumer group of cart's product-event consumer (price changes); `<consumerGroup>-products` by default. */
  productsConsumerGroup?: string;
}

/**
 * Cart's consumers: the saga's (settles the cart on OrderConfirmed / OrderCancelled) and catalog's
 * product events' (ProductPriceChanged drops the cached snapshot), each its own group so a price
 * change never waits behind the saga. Expects KafkaModule from the app;
 * reads REDIS_URL, CART_TTL_SECONDS, PRODUCT_CACHE_TTL_MS (through the data access). Kept apart
 * from CartFeatureModule so the request handlers can run without Kafka.
 */
@Module({})
export class CartOrderEventsModule {
  static forRoot({ consumerGroup = 'cart', productsConsumerGroup = `${consumerGroup}-products` }: CartOrderEventsOptions = {}): DynamicModule {
    return {
      module: CartOrderEventsModule,
      imports: [CartDataAccessModule],
      providers: [
        OrderEventsHandlers,
        consumerGroupProvider(consumerGroup, OrderEventsHandlers),
        CatalogEventsHandlers,
        consumerGroupProvider(productsConsumerGroup, CatalogEventsHandlers),
        { provide: CART_CONSUMER_GROUP, useValue: consumerGroup },
        { provide: PROCESSED_EVENT_STORE, inject: [REDIS_CLIENT], useFactory: (redis: Redis) => new RedisProcessedEventStore(redis) },
      ],
    };
  }
}
