import { Inject, Injectable } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import {
  CART_SERVICE,
  CartLineView,
  CartPatterns,
  CartView,
  CATALOG_SERVICE,
  CatalogPatterns,
  CheckoutReply,
  CheckoutRequest,
  Money,
  ProductSnapshot,
  ProductSnapshots,
} from '@bazaar/contracts';
import { OrderInvariantError, orderIdFor, placeOrder } from '@bazaar/order/domain';
import { OrdersRepository, StoredOrder } from '@bazaar/order/data-access';
import { OutboxRelay } from '@bazaar/shared/messaging';
import { callService, ServiceError } from '@bazaar/shared/rpc';
import { orderPlaced } from './order-events';

function formatMoney({ amount, currency }: Money): string {
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return `${(amount / 10 ** digits).toFixed(digits)} ${currency}`;
}

const samePrice = (a: Money, b: Money) => a.amount === b.amount && a.currency === b.currency;

@Injectable()
export class CheckoutService {
  constructor(
    private readonly orders: OrdersRepository,
    private readonly relay: OutboxRelay,
    @Inject(CART_SERVICE) private readonly cart: ClientProxy,
    @Inject(CATALOG_SERVICE) private readonly catalog: ClientProxy,
  ) {}

  async checkout({ cartId, idempotencyKey, customer }: CheckoutRequest): Promise<CheckoutReply> {
    // Idempotency: the client's key names one order of this cart (its id is derived from both); a repeat (a
    // retry after a timeout, a double click) answers with that order, never a second one.
    const orderId = orderIdFor(cartId, idempotencyKey);
    const existing = await this.orders.findById(orderId);
    if (existing) return this.sameCheckout(existing, cartId);

    const cart = await callService<CartView>(this.cart, 'cart', CartPatterns.get, { cartId });
    if (cart.lines.length === 0) {
      // A retry can arrive while its first attempt is still running: by now that attempt may have
      // stored the order and, through OrderPlaced, emptied the cart. Then that order is the answer.
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
      order = placeOrder({ cartId, idempotencyKey, customer, lines });
    } catch (error) {
      if (error instanceof OrderInvariantError) throw new ServiceError(422, 'ORDER_INVALID', error.message);
      throw error;
    }
    // The order and its OrderPlaced event in one single-document write (the embedded outbox).
    if ((await this.orders.insert(order, [orderPlaced(order)])) === 'duplicate') {
      // A concurrent checkout with the same key won the unique index: answer with its order.
      const winner = await this.orders.findById(orderId);
      if (!winner) throw new Error(`Order with idempotency key ${idempotencyKey} vanished`);
      return this.sameCheckout(winner, cartId);
    }
    this.relay.nudge(order.id);
    return { orderId: order.id, status: order.status };
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
      const details = changed.map(({ line, snapshot }) => `${line.name} from ${formatMoney(line.priceWhenAdded)} to ${formatMoney(snapshot.price)}`);
      throw ServiceError.conflict('PRICE_CHANGED', `Prices changed since they were added to the cart: ${details.join('; ')}. Review the cart and check out again`);
    }
    return available.map(({ line, snapshot }) => ({ productId: line.productId, name: snapshot.name, quantity: line.quantity, unitPrice: snapshot.price }));
  }
}
