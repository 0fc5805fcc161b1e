import { Module } from '@nestjs/common';
import Redis from 'ioredis';
import { REDIS_CLIENT, redisCheck } from '@bazaar/cart/data-access';
import { CartFeatureModule, CartOrderEventsModule } from '@bazaar/cart/feature';
import { KafkaConnection, KafkaModule } from '@bazaar/shared/messaging';
import { ServiceDefaultsModule } from '@bazaar/shared/service-defaults';
import { catalogClientModule } from './catalog-client.module';

@Module({
  imports: [
    ServiceDefaultsModule.forRoot({
      health: { inject: [REDIS_CLIENT, KafkaConnection], useFactory: (redis: Redis, kafka: KafkaConnection) => [redisCheck(redis), kafka] },
    }),
    KafkaModule.forService(),
    CartFeatureModule.register({ catalogClient: catalogClientModule }),
    // Consumes OrderConfirmed / OrderCancelled as group `cart`, ProductPriceChanged as `cart-products`; starts in the background, so a Kafka outage does not stop the boot.
    CartOrderEventsModule.forRoot({ consumerGroup: 'cart' }),
  ],
})
export class CartModule {}
