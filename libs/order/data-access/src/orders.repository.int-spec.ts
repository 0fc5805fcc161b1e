import { randomUUID } from 'node:crypto';
import { INestApplicationContext, Logger } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { getModelToken } from '@nestjs/mongoose';
import { Test } from '@nestjs/testing';
import { Model } from 'mongoose';
import { createEvent, EventContract, EventEnvelope, OrderCancelled, OrderConfirmed, OrderPlaced, parseEvent } from '@bazaar/contracts';
import { confirmOrder, Order as OrderState, placeOrder } from '@bazaar/order/domain';
import { InvalidEventError, OutboxRelay } from '@bazaar/shared/messaging';
import { MongoConnectionModule } from '@bazaar/shared/mongo';
import { eventually, requireServer, uniqueName } from '@bazaar/shared/testing';
import { Order } from './order.schema';
import { OrderDataAccessModule } from './order-data-access.module';
import { OrdersRepository } from './orders.repository';

const customer = { name: 'Ada', email: 'ada@example.com', address: { line1: '1 Main St', city: 'Paris', postalCode: '75001', country: 'FR' } };
const payment = { id: 'pm_sim_approves_1', brand: 'visa' as const, last4: '4242' };
const newOrder = (idempotencyKey = randomUUID(), cartId = 'cart-1') =>
  placeOrder({ idempotencyKey, cartId, customer, lines: [{ productId: 'p1', name: 'Mug', quantity: 2, unitPrice: { amount: 1250, currency: 'EUR' } }], payment });
const placed = (order: OrderState) =>
  createEvent(OrderPlaced, { orderId: order.id, cartId: order.cartId, lines: [{ productId: 'p1', quantity: 2, unitPrice: { amount: 1250, currency: 'EUR' } }], total: { amount: order.total, currency: 'EUR' } }, { source: 'order' });
const confirmed = (order: OrderState) =>
  createEvent(OrderConfirmed, { orderId: order.id, cartId: order.cartId, lines: [{ productId: 'p1', quantity: 2 }], total: { amount: order.total, currency: 'EUR' } }, { source: 'order' });

/** Validates like EventPublisher (a broken event is an InvalidEventError) and records what it would send. */
class ValidatingPublisher {
  readonly published: EventEnvelope[] = [];
  async publish(contract: EventContract, events: EventEnvelope[]) {
    for (const event of events) {
      const parsed = parseEvent(contract, event);
      if (!parsed.ok) throw new InvalidEventError(`${contract.type} ${event.id} was not published: ${parsed.reason}`);
    }
    this.published.push(...events);
  }
}

const publishes = new Map<string, EventContract>([OrderPlaced, OrderConfirmed, OrderCancelled].map((contract) => [contract.type, contract]));
const contractOf = (type: string) => {
  const contract = publishes.get(type);
  if (!contract) throw new Error(`Order does not publish ${type}`);
  return contract;
};

describe('OrdersRepository (real MongoDB wire protocol)', () => {
  let app: INestApplicationContext;
  let orders: OrdersRepository;
  let model: Model<Order>;

  beforeAll(async () => {
    const env = { MONGO_URL: await requireServer('mongodb'), MONGO_DB: uniqueName('it-orders') };
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [() => env] }), MongoConnectionModule, OrderDataAccessModule],
    }).compile();
    app = await moduleRef.init();
    model = app.get<Model<Order>>(getModelToken(Order.name));
    await model.syncIndexes();
    orders = app.get(OrdersRepository);
  });
  afterAll(async () => {
    await model?.db.dropDatabase();
    await app?.close();
  });

  it('writes a PENDING order together with its outbox in one document', async () => {
    const order = newOrder();
    const event = placed(order);
    await expect(orders.insert(order, [event])).resolves.toBe('inserted');
    expect(await orders.findById(order.id)).toMatchObject({ ...order, status: 'PENDING' });
    const stored = await model.findById(order.id).lean().exec();
    expect(stored).toMatchObject({ outboxPending: true, revision: 0, outbox: [{ id: event.id, type: 'OrderPlaced.v1', envelope: event, sentAt: null }] });
  });

  it('keeps the payment method (reference, brand, last four digits), and reads an order stored before payments existed as paid with nothing', async () => {
    const order = newOrder();
    await orders.insert(order, [placed(order)]);
    expect((await orders.findById(order.id))?.payment).toEqual(payment);
    expect((await model.findById(order.id).lean().exec())?.payment).toEqual(payment);

    const older = newOrder();
    const { id, payment: _none, ...fields } = older;
    const now = new Date();
    await model.collection.insertOne({ _id: id, ...fields, outbox: [], outboxPending: false, revision: 0, createdAt: now, updatedAt: now } as never);
    expect(await orders.findById(older.id)).toMatchObject({ id: older.id, payment: null });
  });

  it('answers duplicate for a second order of the same cart and idempotency key, keeping the first', async () => {
    const key = randomUUID();
    const first = newOrder(key, 'cart-1');
    await orders.insert(first, [placed(first)]);
    const second = { ...newOrder(key, 'cart-1'), customer: { ...first.customer, name: 'Someone Else' } };
    await expect(orders.insert(second, [placed(second)])).resolves.toBe('duplicate');
    expect(await orders.findById(first.id)).toMatchObject({ customer: { name: first.customer.name } });
  });

  it('settles concurrent inserts of one cart and idempotency key on exactly one order', async () => {
    const key = randomUUID();
    const racing = Array.from({ length: 10 }, () => newOrder(key, 'cart-1'));
    const results = await Promise.all(racing.map((order) => orders.insert(order, [placed(order)])));
    expect(results.filter((r) => r === 'inserted')).toHaveLength(1);
    expect(await model.countDocuments({ _id: racing[0].id })).toBe(1);
  });

  it('applies a transition only from the expected state, appending its event', async () => {
    const order = newOrder();
    await orders.insert(order, [placed(order)]);
    const result = confirmOrder(order);
    if (result.outcome !== 'changed') throw new Error('expected a change');
    await expect(orders.applyTransition(result.order, 'PENDING', confirmed(order))).resolves.toBe(true);
    await expect(orders.applyTransition(result.order, 'PENDING', confirmed(order))).resolves.toBe(false);
    const stored = await model.findById(order.id).lean().exec();
    expect(stored?.status).toBe('CONFIRMED');
    expect(stored?.outbox.map((entry) => entry.type)).toEqual(['OrderPlaced.v1', 'OrderConfirmed.v1']);
  });

  it('lists pending outbox events in order and forgets them once marked sent', async () => {
    const order = newOrder();
    const event = placed(order);
    await orders.insert(order, [event]);
    const pending = await orders.findPending(1000);
    expect(pending.find((p) => p.aggregateId === order.id)?.events.map((e) => e.event)).toEqual([event]);
    const [announced, ...others] = await orders.findPendingOf([order.id, 'no-such-order']);
    expect(others).toEqual([]);
    expect(announced).toMatchObject({ aggregateId: order.id, events: [{ event }] });

    await orders.markSent(order.id, [event.id], new Date());
    expect((await orders.findPending(1000)).some((p) => p.aggregateId === order.id)).toBe(false);
    expect(await orders.findPendingOf([order.id])).toEqual([]);
    const stored = await model.findById(order.id).lean().exec();
    expect(stored).toMatchObject({ outboxPending: false, outbox: [{ id: event.id, sentAt: expect.any(Date) }] });
  });

  it('marks only the entries it published: one appended after the relay read stays pending', async () => {
    const order = newOrder();
    const first = placed(order);
    await orders.insert(order, [first]);
    await orders.findPending(1000);
    const cancelled = createEvent(OrderCancelled, { orderId: order.id, cartId: order.cartId, reason: 'Out of stock' }, { source: 'order' });
    await orders.applyTransition({ ...order, status: 'CANCELLED', cancelReason: 'Out of stock' }, 'PENDING', cancelled);

    await orders.markSent(order.id, [first.id], new Date());
    const [pending] = await orders.findPendingOf([order.id]);
    expect(pending?.events.map(({ event }) => event)).toEqual([cancelled]);
  });

  it('loses neither the transition nor the sent mark when the relay and a transition update one order at once', async () => {
    const placedOrders = Array.from({ length: 10 }, () => newOrder());
    const events = placedOrders.map(placed);
    await Promise.all(placedOrders.map((order, i) => orders.insert(order, [events[i]])));

    await Promise.all(
      placedOrders.flatMap((order, i) => [
        orders.markSent(order.id, [events[i].id], new Date()),
        orders.applyTransition({ ...order, status: 'CONFIRMED' }, 'PENDING', confirmed(order)),
      ]),
    );

    const stored = await model.find({ _id: { $in: placedOrders.map((o) => o.id) } }).lean().exec();
    for (const order of stored) {
      expect(order).toMatchObject({ status: 'CONFIRMED', outboxPending: true, revision: 2 });
      expect(order.outbox.map((entry) => [entry.type, entry.sentAt === null])).toEqual([
        ['OrderPlaced.v1', false],
        ['OrderConfirmed.v1', true],
      ]);
    }
  });

  it("lists a cart's orders, newest first", async () => {
    const cartId = uniqueName('cart');
    const older = newOrder(randomUUID(), cartId);
    const newer = newOrder(randomUUID(), cartId);
    await orders.insert(older, [placed(older)]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await orders.insert(newer, [placed(newer)]);
    expect((await orders.listByCart(cartId)).map((o) => o.id)).toEqual([newer.id, older.id]);
  });

  it('sets aside an unknown type and 120 broken events, publishes the good one behind them promptly, and does not spin', async () => {
    const unknownOrder = newOrder();
    const unknown = { ...placed(unknownOrder), type: 'OrderRefunded.v1' };
    await orders.insert(unknownOrder, [unknown]);
    const broken: string[] = [];
    for (let i = 0; i < 120; i++) {
      const order = newOrder();
      broken.push(order.id);
      await orders.insert(order, [{ ...placed(order), data: { orderId: order.id } }]);
    }
    const good = newOrder();
    const goodEvent = placed(good);
    await orders.insert(good, [goodEvent]);

    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const publisher = new ValidatingPublisher();
    const relay = new OutboxRelay(orders, publisher, contractOf, { name: 'it', sweepIntervalMs: 60_000, batchSize: 100, initialBackoffMs: 500, maxBackoffMs: 30_000 });
    const started = Date.now();
    relay.start();
    try {
      // Orders of the tests before this one are published too.
      await eventually(() => (publisher.published.some(({ id }) => id === goodEvent.id) ? true : undefined), 'the good event', 60_000);
      const elapsedMs = Date.now() - started;
      const sweepsWhenPublished = relay.sweeps;
      // Bounded by the work: one sweep per batch of set-aside entries, then one that comes back short.
      expect(sweepsWhenPublished).toBeLessThanOrEqual(3);
      await eventually(async () => ((await model.countDocuments({ outboxPending: true })) === 0 ? true : undefined), 'nothing left pending', 10_000);
      const sweepsAfter = relay.sweeps;
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(relay.sweeps).toBe(sweepsAfter);
      expect(publisher.published.filter(({ data }) => data['orderId'] === unknownOrder.id || broken.includes(String(data['orderId'])))).toEqual([]);
      // About 3 s on an idle machine (121 set-aside writes come first); the old relay never got there.
      expect(elapsedMs).toBeLessThan(45_000);

      const aside = await model.find({ hasSetAside: true }, { setAside: 1 }).lean().exec();
      expect(aside).toHaveLength(121);
      expect(await model.findById(unknownOrder.id).lean().exec()).toMatchObject({
        outboxPending: false,
        hasSetAside: true,
        setAside: [{ eventId: unknown.id, type: 'OrderRefunded.v1', reason: 'unknown event type OrderRefunded.v1: Order does not publish OrderRefunded.v1', failures: 1 }],
      });
      expect((await model.findById(broken[0]).lean().exec())?.setAside?.[0].reason).toMatch(/^OrderPlaced.v1 .* was not published: invalid OrderPlaced.v1 payload/);
      // Neither order is found again, by id or by a sweep.
      expect(await orders.findPendingOf([unknownOrder.id, good.id])).toEqual([]);
    } finally {
      await relay.stop();
      jest.restoreAllMocks();
    }
  }, 120_000);

  it('finds PENDING orders placed before a time, oldest first, and no final ones', async () => {
    const older = newOrder();
    const confirmedOne = newOrder();
    await orders.insert(older, [placed(older)]);
    await orders.insert(confirmedOne, [placed(confirmedOne)]);
    await orders.applyTransition({ ...confirmedOne, status: 'CONFIRMED' }, 'PENDING', confirmed(confirmedOne));
    await new Promise((resolve) => setTimeout(resolve, 5));
    const cutoff = new Date();
    const newer = newOrder();
    await orders.insert(newer, [placed(newer)]);

    const due = (await orders.findPendingPlacedBy(cutoff, 1000)).map((o) => o.id);
    expect(due).toContain(older.id);
    expect(due).not.toContain(confirmedOne.id);
    expect(due).not.toContain(newer.id);
  });
});
