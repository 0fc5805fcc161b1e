import { Module } from '@nestjs/common';
import Redis from 'ioredis';
import { REDIS_CLIENT, redisCheck } from '@bazaar/cart/data-access';
import { CartFeatureModule } from '@bazaar/cart/feature';
import { ServiceDefaultsModule } from '@bazaar/shared/service-defaults';
import { catalogClientModule } from './catalog-client.module';

@Module({
  imports: [
    ServiceDefaultsModule.forRoot({
      health: { inject: [REDIS_CLIENT], useFactory: (redis: Redis) => [redisCheck(redis)] },
    }),
    CartFeatureModule.register({ catalogClient: catalogClientModule }),
  ],
})
export class CartModule {}
