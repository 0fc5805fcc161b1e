import { Module } from '@nestjs/common';
import { cartStoreSettingsProvider } from './cart-store.settings';
import { CartsRepository } from './carts.repository';
import { ProductSnapshotCache } from './product-snapshot.cache';
import { RedisModule } from './redis.module';

@Module({
  imports: [RedisModule],
  providers: [cartStoreSettingsProvider, CartsRepository, ProductSnapshotCache],
  exports: [CartsRepository, ProductSnapshotCache],
})
export class CartDataAccessModule {}
