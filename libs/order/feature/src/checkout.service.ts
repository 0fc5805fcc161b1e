import { Inject, Injectable } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import {
  CART_SERVICE,
  CartCheckoutLock,
  CartLineView,
  CartPatterns,
  CartView,
  CATALOG_SERVICE,
  CatalogPatterns,
  CheckoutReply,
  CheckoutRequest,
  Money,
  PriceChangedDetails,
  ProductSnapshot,
  ProductSnapshots,
} from '@bazaar/contracts';
import { OrderInvariantError, orderIdFor, placeOrder } from '@bazaar/order/domain';
import { OrdersRepository, StoredOrder } from '@bazaar/order/data-access';
import { OutboxRelay } from '@bazaar/shared/messaging';
import { callService, requireTimeLeft, ServiceError } from '@bazaar/shared/rpc';
import { orderPlaced } from './order-events';

function formatMoney({ amount, currency }: Money): string {
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return `${(amount / 10 ** digits).toFixed(digits)} ${currency}`;
}

const samePrice = (a: Money, b: Money) => a.amount === b.amount && a.currency === b.currency;

/** Below this much of the caller's deadline the order write is not started (see checkout). */
export const ORDER_WRITE_RESERVE_MS = 100;
/**
 * A cart lock whose order was never stored (its checkout failed after locking) is taken over after
 * this long: well past any checkout still writing its order.
 */
export const ORPHAN_CHECKOUT_LOCK_MS = 60_000;
const LOCK_ATTEMPTS = 3;

@Injectable()
export class CheckoutService {
  constructor(
    private readonly orders: OrdersRepository,
    private readonly relay: OutboxRelay,
    @Inject(CART_SERVICE) private readonly cart: ClientProxy,
    @Inject(CATALOG_SERVICE) private readonly catalog: ClientProxy,
  ) {}

  async checkout({ cartId, idempotencyKey, customer, paymentMethod }: CheckoutRequest): Promise<CheckoutReply> {
    // Idempotency: the client's key names one order of this cart (its id is derived from both); a repeat (a
    // retry after a timeout, a double click) answers with that order, never a second one.
    const orderId = orderIdFor(cartId, idempotencyKey);
    const existing = await this.orders.findById(orderId);
    if (existing) return this.sameCheckout(existing, cartId);

    const cart = await callService<CartView>(this.cart, 'cart', CartPatterns.get, { cartId });
    if (cart.lines.length === 0) {
      // A retry can arrive while its first attempt is still running, or after it: by now that
      // order may be CONFIRMED and its lines gone from the cart. Then that order is the answer.
      const placedMeanwhile = await this.orders.findById(orderId);
      if (placedMeanwhile) return this.sameCheckout(placedMeanwhile, cartId);
      throw new ServiceError(422, 'CART_EMPTY', 'The cart is empty: add products before checking out');
    }
    const { items } = await callService<ProductSnapshots>(this.catalog, 'catalog', CatalogPatterns.getProductSnapshots, {
      ids: cart.lines.map((line) => line.productId),
    });
    const lines = this.reprice(cart.lines, new Map(items.map((item) => [item.id, item])));

    let order;
    try {
      order = placeOrder({ cartId, idempotencyKey, customer, lines, payment: paymentMethod });
    } catch (error) {
      if (error instanceof OrderInvariantError) throw new ServiceError(422, 'ORDER_INVALID', error.message);
      throw error;
    }
    await this.lockCart(cartId, order.id);
    // Invariant: a 504 at the edge leaves either nothing written or an order that a retry with the
    // same key returns. The write is the last step and the order's id derives from the key, so a
    // retry finds an order written after the edge gave up; with the deadline (nearly) spent the
    // write is not started at all, since its answer would reach nobody.
    requireTimeLeft(ORDER_WRITE_RESERVE_MS, 'the order was written');
    // The order and its OrderPlaced event in one single-document write (the embedded outbox).
    const placed = orderPlaced(order);
    if ((await this.orders.insert(order, [placed])) === 'duplicate') {
      // A concurrent checkout with the same key won the unique index: answer with its order.
      const winner = await this.orders.findById(orderId);
      if (!winner) throw new Error(`Order with idempotency key ${idempotencyKey} vanished`);
      return this.sameCheckout(winner, cartId);
    }
    this.relay.nudge(order.id, [placed]);
    return { orderId: order.id, status: order.status };
  }

  /**
   * One order at a time per cart (ADR 0007): the cart is locked to this order, atomically in
   * Redis, before the order is stored, and stays locked until the cart has seen it CONFIRMED or
   * CANCELLED. This is decided now, at checkout, so it holds however late OrderPlaced is
   * published. A lock held by another order answers 409 ORDER_IN_PROGRESS naming it, unless that
   * order is CANCELLED (the cart has not seen it yet; its lines stay anyway) or was never stored.
   */
  private async lockCart(cartId: string, orderId: string): Promise<void> {
    let replacing: string | undefined;
    for (let attempt = 1; ; attempt++) {
      const lock = await callService<CartCheckoutLock>(this.cart, 'cart', CartPatterns.lockForCheckout, { cartId, orderId, replacing });
      if (lock.locked) return;
      const holder = await this.orders.findById(lock.orderId);
      const orphan = !holder && Date.now() - Date.parse(lock.lockedAt) > ORPHAN_CHECKOUT_LOCK_MS;
      if ((holder?.status !== 'CANCELLED' && !orphan) || attempt === LOCK_ATTEMPTS) {
        throw ServiceError.conflict(
          'ORDER_IN_PROGRESS',
          `Order ${lock.orderId} from this cart is still being processed; follow it at /orders/${lock.orderId} before checking out again`,
        );
      }
      replacing = lock.orderId;
    }
  }

  private sameCheckout(order: StoredOrder, cartId: string): CheckoutReply {
    if (order.cartId !== cartId) {
      throw ServiceError.conflict('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used to check out another cart; send a new key');
    }
    return { orderId: order.id, status: order.status };
  }

  /** The order is priced from catalog now; a price that moved since the shopper saw it must be confirmed by them first. */
  private reprice(lines: CartLineView[], snapshots: Map<string, ProductSnapshot>) {
    const priced = lines.map((line) => ({ line, snapshot: snapshots.get(line.productId) }));
    const gone = priced.filter(({ snapshot }) => !snapshot).map(({ line }) => line.name);
    if (gone.length > 0) {
      throw ServiceError.conflict('PRODUCT_UNAVAILABLE', `No longer sold: ${gone.join(', ')}. Remove it from the cart and check out again`);
    }
    const available = priced as { line: CartLineView; snapshot: ProductSnapshot }[];
    const changed = available.filter(({ line, snapshot }) => !samePrice(snapshot.price, line.priceWhenAdded));
    if (changed.length > 0) {
      const details: PriceChangedDetails = {
        changedLines: changed.map(({ line, snapshot }) => ({ productId: line.productId, name: snapshot.name, oldPrice: line.priceWhenAdded, newPrice: snapshot.price })),
      };
      const named = details.changedLines.map(({ name, oldPrice, newPrice }) => `${name} from ${formatMoney(oldPrice)} to ${formatMoney(newPrice)}`);
      throw ServiceError.conflict(
        'PRICE_CHANGED',
        `Prices changed since they were added to the cart: ${named.join('; ')}. Accept the new prices in the cart and check out again`,
        { ...details },
      );
    }
    return available.map(({ line, snapshot }) => ({ productId: line.productId, name: snapshot.name, quantity: line.quantity, unitPrice: snapshot.price }));
  }
}
