import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { REDIS_CLIENT } from './redis.module';

export const CART_TTL_SECONDS = 7 * 24 * 3600;
export const cartKey = (cartId: string) => `cart:${cartId}`;

/** One Redis hash per cart: field = product id, value = quantity. Every write refreshes the TTL. */
@Injectable()
export class CartsRepository {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: Redis) {}

  /** HINCRBY is atomic, so concurrent additions to one line never lose an update. */
  async addQuantity(cartId: string, productId: string, quantity: number): Promise<number> {
    const key = cartKey(cartId);
    const [[incrError, total]] = (await this.redis.multi().hincrby(key, productId, quantity).expire(key, CART_TTL_SECONDS).exec()) ?? [];
    if (incrError) throw incrError;
    return Number(total);
  }

  async quantities(cartId: string): Promise<Record<string, number>> {
    const fields = await this.redis.hgetall(cartKey(cartId));
    return Object.fromEntries(Object.entries(fields).map(([productId, quantity]) => [productId, Number(quantity)]));
  }
}
