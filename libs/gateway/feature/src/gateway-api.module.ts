import { Module, ValidationPipe } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_PIPE } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { CartCookie } from './cart/cart-id';
import { CartController } from './cart/cart.controller';
import { CatalogController } from './catalog/catalog.controller';
import { DownstreamClients } from './downstream.clients';
import { OrdersController } from './order/orders.controller';
import { StorefrontConfigController } from './storefront/storefront-config.controller';

/** The REST API under /api: validation, rate limits, one error shape, calls with deadlines. */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService) => [{ ttl: 60_000, limit: config.getOrThrow<number>('RATE_LIMIT_PER_MINUTE') }],
    }),
  ],
  controllers: [CatalogController, CartController, OrdersController, StorefrontConfigController],
  providers: [
    DownstreamClients,
    CartCookie,
    {
      provide: APP_PIPE,
      useValue: new ValidationPipe({
        whitelist: true,
        forbidNonWhitelisted: true,
        transform: true,
        // Only plain values are accepted, so `{"$gt": ""}` where an id belongs is a 400, never a query.
        forbidUnknownValues: true,
      }),
    },
  ],
})
export class GatewayApiModule {}
