import { Module } from '@nestjs/common';
import { CartsRepository } from './carts.repository';
import { RedisModule } from './redis.module';

@Module({
  imports: [RedisModule],
  providers: [CartsRepository],
  exports: [CartsRepository],
})
export class CartDataAccessModule {}
