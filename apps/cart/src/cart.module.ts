import { Module } from '@nestjs/common';
import Redis from 'ioredis';
import { CartDataAccessModule, REDIS_CLIENT, redisCheck } from '@bazaar/cart/data-access';
import { ServiceDefaultsModule } from '@bazaar/shared/service-defaults';

@Module({
  imports: [
    ServiceDefaultsModule.forRoot({
      health: { inject: [REDIS_CLIENT], useFactory: (redis: Redis) => [redisCheck(redis)] },
    }),
    CartDataAccessModule,
  ],
})
export class CartModule {}
