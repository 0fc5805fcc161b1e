import { Inject, Injectable, Optional } from '@nestjs/common';
import Redis from 'ioredis';
import type { Money } from '@bazaar/contracts';
import type { AcceptedPrice, OrderedQuantity, StoredCartLine } from '@bazaar/cart/domain';
import { decodeLine, encodeLineTail, encodePrice } from './cart-line.codec';
import { CartScripts, CheckoutLockStatus, LineChangeMode, LineChangeStatus, OrderedLinesStatus, withCartScripts } from './cart-line.script';
import { CART_STORE_SETTINGS, CartStoreSettings } from './cart-store.settings';
import { REDIS_CLIENT } from './redis.module';
import { ReplicaAcknowledgement } from './replica-acknowledgement';
import { execResults, redisOperation } from './redis-failure';

export const cartKey = (cartId: string) => `cart:${cartId}`;
/** The order a cart is locked to for checkout (`orderId|lockedAtMs`), apart from the lines' hash. */
export const checkoutLockKey = (cartId: string) => `cart-checkout:${cartId}`;

export interface LineChange {
  productId: string;
  mode: LineChangeMode;
  quantity: number;
  /** Catalog's stock for the product: the line may not exceed it. */
  stock: number;
  /** Stored only when this change creates the line. */
  price: Money;
}

/** The processed-event record written together with a change (see RedisProcessedEventStore). */
export interface ProcessedMarker {
  key: string;
  value: string;
  ttlSeconds: number;
}

export interface OrderedLinesResult {
  status: OrderedLinesStatus;
  /** How many items were taken out (0 for a duplicate or a cart without these products). */
  removed: number;
}

export interface CheckoutLock {
  status: CheckoutLockStatus;
  /** The order the cart is locked to: the caller's when LOCKED, another when HELD. */
  orderId: string;
  lockedAt: Date;
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
 * refreshes the cart's TTL, so a cart expires only after a period without any use. A change is
 * acknowledged only once the replicas `acknowledgement` asks for hold it (none when it is not
 * given); reads wait for nothing.
 */
@Injectable()
export class CartsRepository {
  private readonly redis: Redis & CartScripts;
  private readonly acknowledgement: ReplicaAcknowledgement;

  constructor(
    @Inject(REDIS_CLIENT) redis: Redis,
    @Inject(CART_STORE_SETTINGS) private readonly settings: CartStoreSettings,
    @Optional() acknowledgement?: ReplicaAcknowledgement,
  ) {
    this.redis = withCartScripts(redis);
    this.acknowledgement = acknowledgement ?? new ReplicaAcknowledgement(redis, { replicas: 0, timeoutMs: 0 });
  }

  /** A change of the cart: acknowledged as ReplicaAcknowledgement says; Redis unavailable → 503. */
  private change<T>(operation: () => Promise<T>): Promise<T> {
    return redisOperation(() => this.acknowledgement.write(operation));
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
    const [status, current, requested] = await this.change(() =>
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
    await this.change(async () => execResults(await this.redis.multi().hdel(key, ...productIds).expire(key, this.settings.cartTtlSeconds).exec()));
  }

  /**
   * Settles the cart after its order became final and writes `marker`, atomically, unless the
   * marker is already there (see SETTLE_ORDER_LUA): takes the ordered quantities out (none for a
   * cancelled order) and releases the order's checkout lock; applied at most once per marker.
   */
  async settleOrder(cartId: string, orderId: string, lines: readonly OrderedQuantity[], marker: ProcessedMarker): Promise<OrderedLinesResult> {
    const pairs = lines.flatMap(({ productId, quantity }) => [productId, quantity]);
    const [status, removed] = await this.change(() =>
      this.redis.settleOrder(cartKey(cartId), marker.key, checkoutLockKey(cartId), marker.value, marker.ttlSeconds, orderId, ...pairs),
    );
    return { status, removed: Number(removed) };
  }

  /** Sets these lines' price when added, keeping their quantity (see ACCEPT_PRICES_LUA); answers how many lines changed. */
  async acceptPrices(cartId: string, prices: readonly AcceptedPrice[]): Promise<number> {
    const pairs = prices.flatMap(({ productId, price }) => [productId, encodePrice(price)]);
    return Number(await this.change(() => this.redis.acceptPrices(cartKey(cartId), this.settings.cartTtlSeconds, ...pairs)));
  }

  /** Locks the cart for checkout to `orderId` unless another order holds it (see LOCK_FOR_CHECKOUT_LUA). */
  async lockForCheckout(cartId: string, orderId: string, replacing?: string): Promise<CheckoutLock> {
    const [status, holder, since] = await this.change(() =>
      this.redis.lockForCheckout(checkoutLockKey(cartId), orderId, Date.now(), this.settings.cartTtlSeconds, replacing ?? ''),
    );
    return { status, orderId: holder, lockedAt: new Date(Number(since)) };
  }

  async clear(cartId: string): Promise<void> {
    await this.change(() => this.redis.del(cartKey(cartId)));
  }
}
