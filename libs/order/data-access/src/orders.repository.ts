import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { EventEnvelope, OrderStatus } from '@bazaar/contracts';
import type { Order as OrderState } from '@bazaar/order/domain';
import { OutboxStore, PendingOutbox, SetAsideEvent, SetAsideRecord, withSetAside } from '@bazaar/shared/messaging';
import { KeyedLock, updateOneGuarded } from '@bazaar/shared/mongo';
import { captureTraceContext } from '@bazaar/shared/observability';
import { Order, OutboxRecord } from './order.schema';

/** The domain's order with what storage adds. */
export interface StoredOrder extends OrderState {
  createdAt: Date;
  updatedAt: Date;
}

const DUPLICATE_KEY = 11000;
const MARK_SENT_ATTEMPTS = 5;

const outboxRecord = (event: EventEnvelope, now = new Date()): OutboxRecord => ({
  id: event.id,
  type: event.type,
  envelope: { ...event },
  traceContext: captureTraceContext(),
  createdAt: now,
  sentAt: null,
});

type OutboxOf = Pick<Order, '_id' | 'outbox' | 'setAside'>;

/** Entries the relay still has to publish: unsent and not set aside. */
const unsent = (outbox: OutboxRecord[], setAside: SetAsideRecord[] = []) => {
  const asideIds = new Set(setAside.map(({ eventId }) => eventId));
  return outbox.filter((entry) => entry.sentAt === null && !asideIds.has(entry.id));
};

const pendingOutbox = ({ _id, outbox, setAside }: OutboxOf): PendingOutbox => ({
  aggregateId: _id,
  events: unsent(outbox, setAside).map((entry) => ({ event: entry.envelope as unknown as EventEnvelope, traceContext: entry.traceContext })),
});

function toStoredOrder({ _id, idempotencyKey, cartId, status, cancelReason, customer, lines, payment, currency, total, createdAt, updatedAt }: Order): StoredOrder {
  // `?? null`: a document written before orders carried a payment method has no such field.
  return { id: _id, idempotencyKey, cartId, status, cancelReason, customer, lines, payment: payment ?? null, currency, total, createdAt, updatedAt };
}

@Injectable()
export class OrdersRepository implements OutboxStore {
  /**
   * Updates of one order from this process (a saga transition, the relay marking its outbox) run one
   * at a time. MongoDB makes each single-document update atomic by itself; FerretDB 1.24 on SQLite
   * does not: concurrent updates of one document lose writes (50 concurrent `$push` keep ~14, and a
   * conditional update on `revision` can report two winners). Serialising them here keeps one order
   * service instance correct on FerretDB; several instances need real MongoDB.
   */
  private readonly orderLock = new KeyedLock();

  constructor(@InjectModel(Order.name) private readonly orders: Model<Order>) {}

  /**
   * Writes a new order with its first events in one single-document insert. `duplicate` means an
   * order with this id exists (the `_id` index decided a race between two checkouts of one key).
   */
  async insert(order: OrderState, events: EventEnvelope[]): Promise<'inserted' | 'duplicate'> {
    const { id, ...fields } = order;
    try {
      await this.orders.create({ _id: id, ...fields, outbox: events.map((event) => outboxRecord(event)), outboxPending: events.length > 0, revision: 0 });
      return 'inserted';
    } catch (error) {
      if ((error as { code?: number }).code === DUPLICATE_KEY) return 'duplicate';
      throw error;
    }
  }

  async findById(id: string): Promise<StoredOrder | null> {
    const order = await this.orders.findById(id).lean<Order>().exec();
    return order && toStoredOrder(order);
  }

  async listByCart(cartId: string, limit = 50): Promise<StoredOrder[]> {
    const orders = await this.orders.find({ cartId }).sort({ createdAt: -1, _id: 1 }).limit(limit).lean<Order[]>().exec();
    return orders.map(toStoredOrder);
  }

  /**
   * PENDING orders placed at or before `placedBefore`, oldest first: what the PENDING deadline cancels.
   * An index scan on MongoDB; FerretDB decodes the whole collection, acceptable for a sweep every
   * few seconds but not for a hot path.
   */
  async findPendingPlacedBy(placedBefore: Date, limit: number): Promise<StoredOrder[]> {
    const orders = await this.orders.find({ status: 'PENDING', createdAt: { $lte: placedBefore } }).sort({ createdAt: 1, _id: 1 }).limit(limit).lean<Order[]>().exec();
    return orders.map(toStoredOrder);
  }

  /**
   * Moves the order to its new state and appends the event announcing it, in one conditional
   * update: it applies only if the order is still in `from`, so two deliveries racing each other
   * cannot both apply. False when the order was not in `from` any more.
   */
  applyTransition(order: OrderState, from: OrderStatus, event: EventEnvelope): Promise<boolean> {
    return this.orderLock.run(order.id, () => this.transitionUpdate(order, from, event));
  }

  /**
   * Runs `step` under the order's lock with the order as read there; `apply` stores a transition
   * decided from that read like applyTransition, without a second read of the guard on FerretDB.
   * `unsentBefore`: the order's outbox held unsent events at that read (so the event `apply` adds
   * is not the only one the relay has to publish).
   */
  withOrder<R>(orderId: string, step: (order: StoredOrder | null, apply: (next: OrderState, event: EventEnvelope) => Promise<boolean>, unsentBefore: boolean) => Promise<R>): Promise<R> {
    return this.orderLock.run(orderId, async () => {
      const read = await this.orders.findById(orderId).lean<Order>().exec();
      if (!read) return step(null, async () => false, false);
      return step(toStoredOrder(read), (next, event) => this.transitionUpdate(next, read.status, event, read), unsent(read.outbox, read.setAside).length > 0);
    });
  }

  private transitionUpdate(order: OrderState, from: OrderStatus, event: EventEnvelope, readUnderLock?: Order): Promise<boolean> {
    return updateOneGuarded(
      this.orders,
      order.id,
      { status: from },
      { $set: { status: order.status, cancelReason: order.cancelReason, outboxPending: true }, $push: { outbox: outboxRecord(event) }, $inc: { revision: 1 } },
      { readUnderLock },
    );
  }

  /** A scan on FerretDB (it indexes only `_id`): the relay runs it seldom, as a sweep. */
  async findPending(limit: number): Promise<PendingOutbox[]> {
    const orders = await this.orders.find({ outboxPending: true }, { outbox: 1, setAside: 1 }).sort({ createdAt: 1, _id: 1 }).limit(limit).lean<OutboxOf[]>().exec();
    return orders.map(pendingOutbox).filter(({ events }) => events.length > 0);
  }

  async findPendingOf(orderIds: string[]): Promise<PendingOutbox[]> {
    const orders = await Promise.all(orderIds.map((id) => this.orders.findById(id, { outbox: 1, setAside: 1 }).lean<OutboxOf>().exec()));
    return orders.filter((order): order is OutboxOf => order !== null).map(pendingOutbox).filter(({ events }) => events.length > 0);
  }

  /**
   * Sets `sentAt` on these entries by replacing the outbox under a revision check (no positional
   * `$` on FerretDB 1.24): a transition that appended an entry in between makes it re-read and redo.
   */
  markSent(orderId: string, eventIds: string[], sentAt: Date): Promise<void> {
    const sent = new Set(eventIds);
    return this.orderLock.run(orderId, () =>
      this.rewriteOutbox(orderId, ({ outbox, setAside }) => ({ outbox: outbox.map((entry) => (entry.sentAt === null && sent.has(entry.id) ? { ...entry, sentAt } : entry)), setAside })),
    );
  }

  /** Records entries the relay cannot publish: they stop counting as pending, so sweeps skip them. */
  setAside(orderId: string, events: SetAsideEvent[], at: Date): Promise<void> {
    return this.orderLock.run(orderId, () => this.rewriteOutbox(orderId, ({ outbox, setAside }) => ({ outbox, setAside: withSetAside(setAside, events, at) })));
  }

  private async rewriteOutbox(orderId: string, change: (order: Pick<Order, 'outbox' | 'setAside'>) => Pick<Order, 'outbox' | 'setAside'>): Promise<void> {
    for (let attempt = 1; attempt <= MARK_SENT_ATTEMPTS; attempt++) {
      const order = await this.orders.findById(orderId, { outbox: 1, setAside: 1, revision: 1 }).lean<Pick<Order, 'outbox' | 'setAside' | 'revision'>>().exec();
      if (!order) return;
      const { outbox, setAside } = change(order);
      const marks = setAside?.length ? { setAside, hasSetAside: true } : {};
      const replaced = await updateOneGuarded(
        this.orders,
        orderId,
        { revision: order.revision },
        { $set: { outbox, ...marks, outboxPending: unsent(outbox, setAside).length > 0 }, $inc: { revision: 1 } },
        // Bookkeeping of the relay, not a change of the order: updatedAt stays. Read under the order's lock (the callers').
        { timestamps: false, readUnderLock: order },
      );
      if (replaced) return;
    }
    throw new Error(`Order ${orderId} kept changing while its outbox was rewritten`);
  }
}
