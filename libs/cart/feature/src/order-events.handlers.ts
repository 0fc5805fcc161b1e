import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventEnvelope, OrderCancelled, OrderConfirmed } from '@bazaar/contracts';
import { OrderedQuantity, orderedQuantities } from '@bazaar/cart/domain';
import { CartsRepository, PROCESSED_EVENT_TTL_SECONDS, processedEventKey } from '@bazaar/cart/data-access';
import { EventHandler, EventHandlerSet, onEvent } from '@bazaar/shared/messaging';

export const CART_CONSUMER_GROUP = Symbol('CART_CONSUMER_GROUP');

/**
 * Cart's side of the checkout saga (ADR 0007): the lines stay in the cart while the order is
 * PENDING; when it is CONFIRMED they leave, when it is CANCELLED they stay; either way the cart's
 * checkout lock on that order is released.
 */
@Injectable()
export class OrderEventsHandlers implements EventHandlerSet {
  private readonly logger = new Logger(OrderEventsHandlers.name);

  readonly handlers: EventHandler[] = [
    onEvent(OrderConfirmed, (event) => this.settle(event, orderedQuantities(event.data.lines))),
    onEvent(OrderCancelled, (event) => this.settle(event, [])),
  ];

  constructor(
    private readonly carts: CartsRepository,
    @Inject(CART_CONSUMER_GROUP) private readonly groupId: string,
  ) {}

  /**
   * Not a DEL of the cart: the shopper may have added items while the order was PENDING, and a
   * redelivery of this event (outbox re-publish, rebalance) would wipe them. Instead the ordered
   * quantities are subtracted and the event recorded under the same key the consumer's
   * RedisProcessedEventStore uses, in one Lua script: once the change is made the record exists,
   * so no crash or redelivery can apply the event twice, even when the shopper put the same product
   * back in the cart (see SETTLE_ORDER_LUA). An unknown or expired cart has nothing to take out.
   */
  private async settle(event: EventEnvelope<string, { orderId: string; cartId: string }>, lines: OrderedQuantity[]): Promise<void> {
    const { cartId, orderId } = event.data;
    const result = await this.carts.settleOrder(cartId, orderId, lines, {
      key: processedEventKey(this.groupId, event.id),
      value: event.type,
      ttlSeconds: PROCESSED_EVENT_TTL_SECONDS,
    });
    this.logger.debug(`${event.type} ${event.id} (order ${orderId}): ${result.status}, ${result.removed} items taken out`);
  }
}
