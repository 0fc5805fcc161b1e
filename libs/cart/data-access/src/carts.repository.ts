import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import type { Money } from '@bazaar/contracts';
import type { StoredCartLine } from '@bazaar/cart/domain';
import { decodeLine, encodeLineTail } from './cart-line.codec';
import { CartScripts, LineChangeMode, LineChangeStatus, withCartScripts } from './cart-line.script';
import { CART_STORE_SETTINGS, CartStoreSettings } from './cart-store.settings';
import { REDIS_CLIENT } from './redis.module';
import { execResults, redisOperation } from './redis-failure';

export const cartKey = (cartId: string) => `cart:${cartId}`;

export interface LineChange {
  productId: string;
  mode: LineChangeMode;
  quantity: number;
  /** Catalog's stock for the product: the line may not exceed it. */
  stock: number;
  /** Stored only when this change creates the line. */
  price: Money;
}

export interface LineChangeResult {
  status: LineChangeStatus;
  /** The line's quantity before the change. */
  current: number;
  /** The quantity the change asked for. */
  requested: number;
}

/**
 * Carts as Redis hashes (`cart:<cartId>`, one field per line, see cart-line.codec). Every call
 * refreshes the cart's TTL, so a cart expires only after a period without any use.
 */
@Injectable()
export class CartsRepository {
  private readonly redis: Redis & CartScripts;

  constructor(@Inject(REDIS_CLIENT) redis: Redis, @Inject(CART_STORE_SETTINGS) private readonly settings: CartStoreSettings) {
    this.redis = withCartScripts(redis);
  }

  async lines(cartId: string): Promise<StoredCartLine[]> {
    const key = cartKey(cartId);
    const [fields] = await redisOperation(async () =>
      execResults(await this.redis.multi().hgetall(key).expire(key, this.settings.cartTtlSeconds).exec()),
    );
    return Object.entries(fields as Record<string, string>).map(([productId, value]) => decodeLine(productId, value));
  }

  /** Atomic read-check-write of one line (see CHANGE_LINE_LUA); limits are decided inside Redis. */
  async changeLine(cartId: string, change: LineChange): Promise<LineChangeResult> {
    const [status, current, requested] = await redisOperation(() =>
      this.redis.changeCartLine(
        cartKey(cartId),
        change.productId,
        change.mode,
        change.quantity,
        this.settings.maxLineQuantity,
        change.stock,
        this.settings.maxCartLines,
        this.settings.cartTtlSeconds,
        encodeLineTail(change.price, Date.now()),
      ),
    );
    return { status, current: Number(current), requested: Number(requested) };
  }

  /** Idempotent: removing a line that is not there changes nothing. HDEL needs no read, so MULTI suffices. */
  async removeLines(cartId: string, productIds: readonly string[]): Promise<void> {
    if (productIds.length === 0) return;
    const key = cartKey(cartId);
    await redisOperation(async () => execResults(await this.redis.multi().hdel(key, ...productIds).expire(key, this.settings.cartTtlSeconds).exec()));
  }

  async clear(cartId: string): Promise<void> {
    await redisOperation(() => this.redis.del(cartKey(cartId)));
  }
}
