import { randomUUID } from 'node:crypto';
import { INestApplicationContext, Logger } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { getModelToken } from '@nestjs/mongoose';
import { Test } from '@nestjs/testing';
import { Model } from 'mongoose';
import { createEvent, EventContract, EventEnvelope, OrderPlaced, parseEvent } from '@bazaar/contracts';
import { placeOrder } from '@bazaar/order/domain';
import { InvalidEventError, OutboxRelay } from '@bazaar/shared/messaging';
import { MongoConnectionModule } from '@bazaar/shared/mongo';
import { eventually, requireServer, uniqueName } from '@bazaar/shared/testing';
import { Order } from './order.schema';
import { OrderDataAccessModule } from './order-data-access.module';
import { OrdersRepository } from './orders.repository';

const customer = { name: 'Ada', email: 'ada@example.com', address: { line1: '1 Main St', city: 'Paris', postalCode: '75001', country: 'FR' } };
const newOrder = () =>
  placeOrder({ idempotencyKey: randomUUID(), cartId: 'cart-1', customer, lines: [{ productId: 'p1', name: 'Mug', quantity: 1, unitPrice: { amount: 500, currency: 'EUR' } }] });
const placed = (orderId: string) =>
  createEvent(OrderPlaced, { orderId, cartId: 'cart-1', lines: [{ productId: 'p1', quantity: 1, unitPrice: { amount: 500, currency: 'EUR' } }], total: { amount: 500, currency: 'EUR' } }, { source: 'order' });

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

const contractOf = (type: string) => {
  if (type !== OrderPlaced.type) throw new Error(`Order does not publish ${type}`);
  return OrderPlaced;
};

describe('OutboxRelay over OrdersRepository: events it cannot publish are set aside (real MongoDB wire protocol)', () => {
  let app: INestApplicationContext;
  let orders: OrdersRepository;
  let model: Model<Order>;
  let relay: OutboxRelay | undefined;

  beforeAll(async () => {
    const env = { MONGO_URL: await requireServer('mongodb'), MONGO_DB: uniqueName('it-outbox-aside') };
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [() => env] }), MongoConnectionModule, OrderDataAccessModule],
    }).compile();
    app = await moduleRef.init();
    model = app.get<Model<Order>>(getModelToken(Order.name));
    await model.syncIndexes();
    orders = app.get(OrdersRepository);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterAll(async () => {
    await relay?.stop();
    await model?.db.dropDatabase();
    await app?.close();
    jest.restoreAllMocks();
  });

  it('sets aside an unknown type and 120 broken events, publishes the good one behind them promptly, and does not spin', async () => {
    const unknownOrder = newOrder();
    const unknown = { ...placed(unknownOrder.id), type: 'OrderRefunded.v1' };
    await orders.insert(unknownOrder, [unknown]);
    const broken: string[] = [];
    for (let i = 0; i < 120; i++) {
      const order = newOrder();
      broken.push(order.id);
      await orders.insert(order, [{ ...placed(order.id), data: { orderId: order.id } }]);
    }
    const good = newOrder();
    const goodEvent = placed(good.id);
    await orders.insert(good, [goodEvent]);

    const publisher = new ValidatingPublisher();
    relay = new OutboxRelay(orders, publisher, contractOf, { name: 'it', sweepIntervalMs: 60_000, batchSize: 100, initialBackoffMs: 500, maxBackoffMs: 30_000 });
    const started = Date.now();
    relay.start();
    await eventually(() => (publisher.published.length === 1 ? true : undefined), 'the good event', 60_000);
    const elapsedMs = Date.now() - started;
    const sweepsWhenPublished = relay.sweeps;
    // Bounded by the work: one sweep per batch of set-aside entries, then one that comes back short.
    expect(sweepsWhenPublished).toBeLessThanOrEqual(3);
    await eventually(async () => ((await model.countDocuments({ outboxPending: true })) === 0 ? true : undefined), 'nothing left pending', 10_000);
    const sweepsAfter = relay.sweeps;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(relay.sweeps).toBe(sweepsAfter);
    expect(publisher.published).toEqual([goodEvent]);
    expect(elapsedMs).toBeLessThan(30_000);

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
  }, 120_000);
});
