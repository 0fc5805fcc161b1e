import { Inject, Injectable, Logger } from '@nestjs/common';
import { OrderPlaced } from '@bazaar/contracts';
import { orderedQuantities } from '@bazaar/cart/domain';
import { CartsRepository, PROCESSED_EVENT_TTL_SECONDS, processedEventKey } from '@bazaar/cart/data-access';
import { EventHandler, EventHandlerSet, onEvent } from '@bazaar/shared/messaging';

export const CART_CONSUMER_GROUP = Symbol('CART_CONSUMER_GROUP');

/** Cart's side of the checkout saga: an order was placed, so its lines leave the cart. */
@Injectable()
export class OrderEventsHandlers implements EventHandlerSet {
  private readonly logger = new Logger(OrderEventsHandlers.name);

  readonly handlers: EventHandler[] = [
    onEvent(OrderPlaced, async (event) => {
      const { cartId, orderId, lines } = event.data;
      // Not a DEL of the cart: the shopper may have added items after the checkout, and a
      // redelivery of this event (outbox re-publish, rebalance) would wipe them. Instead the
      // ordered quantities are subtracted and the event recorded under the same key the
      // consumer's RedisProcessedEventStore uses, in one Lua script: once the change is made the
      // record exists, so no crash or redelivery can apply the event twice, even when the shopper
      // put the same product back in the cart (see REMOVE_ORDERED_LINES_LUA, ADR 0004).
      // An unknown or expired cart has nothing to take out: the event is recorded and done.
      const result = await this.carts.removeOrderedLines(cartId, orderedQuantities(lines), {
        key: processedEventKey(this.groupId, event.id),
        value: event.type,
        ttlSeconds: PROCESSED_EVENT_TTL_SECONDS,
      });
      this.logger.debug(`${event.type} ${event.id} (order ${orderId}): ${result.status}, ${result.removed} items taken out`);
    }),
  ];

  constructor(
    private readonly carts: CartsRepository,
    @Inject(CART_CONSUMER_GROUP) private readonly groupId: string,
  ) {}
}
