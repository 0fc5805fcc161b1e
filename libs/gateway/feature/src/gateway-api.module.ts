import { Module, ValidationPipe } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_PIPE } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { redisTarget } from '@bazaar/shared/redis';
import { AdminController } from './admin/admin.controller';
import { AdminTokenGuard } from './admin/admin-token.guard';
import { CartCookie } from './cart/cart-id';
import { CartController } from './cart/cart.controller';
import { CatalogController } from './catalog/catalog.controller';
import { DownstreamClients } from './downstream.clients';
import { CHECKOUT_THROTTLER } from './http/checkout-throttler';
import { rateLimitKey } from './http/rate-limit.guard';
import { SharedRateLimitStorage } from './http/rate-limit.storage';
import { OrdersController } from './order/orders.controller';
import { StorefrontConfigController } from './storefront/storefront-config.controller';

/** The REST API under /api: validation, rate limits, one error shape, calls with deadlines. */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService) => {
        const target = redisTarget(config);
        return {
          throttlers: [
            { name: 'default', ttl: 60_000, limit: config.getOrThrow<number>('RATE_LIMIT_PER_MINUTE') },
            // Only POST /api/checkout counts here (the other routes skip it): it places orders and reserves stock.
            { name: CHECKOUT_THROTTLER, ttl: 60_000, limit: config.getOrThrow<number>('CHECKOUT_RATE_LIMIT_PER_MINUTE') },
          ],
          storage: target ? new SharedRateLimitStorage(target) : undefined,
          generateKey: rateLimitKey,
        };
      },
    }),
  ],
  controllers: [CatalogController, CartController, OrdersController, StorefrontConfigController, AdminController],
  providers: [
    DownstreamClients,
    CartCookie,
    AdminTokenGuard,
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
