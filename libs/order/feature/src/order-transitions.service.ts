import { Injectable } from '@nestjs/common';
import { EventEnvelope } from '@bazaar/contracts';
import { Order, TransitionResult } from '@bazaar/order/domain';
import { OrdersRepository, StoredOrder } from '@bazaar/order/data-access';
import { OutboxRelay } from '@bazaar/shared/messaging';

/**
 * What became of a requested transition: `applied` (stored with its event, relay nudged), or why
 * not. `raced` means the order left the state it was decided from in between: read it again.
 */
export type AppliedTransition =
  | { outcome: 'applied'; order: Order }
  | { outcome: 'unchanged' }
  | { outcome: 'rejected'; reason: string; fromState: Order['status'] }
  | { outcome: 'missing' }
  | { outcome: 'raced' };

/**
 * Every saga transition of an order (catalog's and payments' answers, the PENDING deadline) goes through here:
 * the domain decides, and the state change and the event announcing it are one conditional update
 * (`{_id, status: from}` + `$push` to the outbox), so of two racing transitions exactly one
 * applies and the other finds the order final.
 */
@Injectable()
export class OrderTransitions {
  constructor(
    private readonly orders: OrdersRepository,
    private readonly relay: OutboxRelay,
  ) {}

  async apply(orderId: string, transition: (order: StoredOrder) => TransitionResult, announce: (order: Order) => EventEnvelope): Promise<AppliedTransition> {
    // Read, decide and write under the order's lock: the read is also the update's guard on FerretDB.
    let announced: EventEnvelope[] | undefined;
    const applied = await this.orders.withOrder(orderId, async (order, applyTransition, unsentBefore): Promise<AppliedTransition> => {
      if (!order) return { outcome: 'missing' };
      const result = transition(order);
      if (result.outcome === 'unchanged') return { outcome: 'unchanged' };
      if (result.outcome === 'rejected') return { outcome: 'rejected', reason: result.reason, fromState: result.fromState };
      const event = announce(result.order);
      if (!(await applyTransition(result.order, event))) return { outcome: 'raced' };
      // Handed to the relay only when nothing older waits in the outbox: it publishes in order.
      announced = unsentBefore ? undefined : [event];
      return { outcome: 'applied', order: result.order };
    });
    if (applied.outcome === 'applied') this.relay.nudge(orderId, announced);
    return applied;
  }
}
