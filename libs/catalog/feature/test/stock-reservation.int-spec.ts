import { ConfigModule } from '@nestjs/config';
import { getModelToken } from '@nestjs/mongoose';
import { Test, TestingModule } from '@nestjs/testing';
import { Model, Types } from 'mongoose';
import { createEvent, EventEnvelope, EventOf, OrderCancelled, OrderPlaced, STOCK_TOPIC } from '@bazaar/contracts';
import { CatalogCache, CatalogDataAccessModule, Product, Reservation, ReservationsRepository, StockRepository } from '@bazaar/catalog/data-access';
import { EventConsumer, EventPublisher, KafkaConnection, KafkaModule, OutboxRelay } from '@bazaar/shared/messaging';
import { MongoConnectionModule } from '@bazaar/shared/mongo';
import { eventually, requireServer, uniqueName } from '@bazaar/shared/testing';
import { CatalogStockModule, StockReservationService } from '../src';

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const LEASE_MS = 5_000;

describe('catalog side of the checkout saga (real Kafka and MongoDB wire protocol)', () => {
  let moduleRef: TestingModule;
  let products: Model<Product>;
  let reservations: Model<Reservation>;
  let publisher: EventPublisher;
  let service: StockReservationService;
  const replies: { key: string | null; envelope: EventEnvelope }[] = [];

  async function product(name: string, stock: number): Promise<string> {
    const _id = new Types.ObjectId();
    await products.create({ _id, categoryId: 'kitchen', slug: uniqueName(name), name, sortName: name.toLowerCase(), price: eur(100), stock });
    return _id.toHexString();
  }
  const stockOf = async (id: string) => (await products.findById(id).lean<Product>().exec())?.stock;
  /** A movement drops its marks on the products just after storing its outcome, so they can outlive the reply by a moment: wait for them. */
  const marksDropped = (...ids: string[]) =>
    eventually(async () => {
      const found = await Promise.all(ids.map((id) => products.findById(id).lean<Product>().exec()));
      return found.every((p) => (p?.stockHolds ?? []).length === 0) ? true : undefined;
    }, `the marks on ${ids.join(', ')} dropped`);
  const orderPlaced = (...lines: [string, number][]): EventOf<typeof OrderPlaced> =>
    createEvent(
      OrderPlaced,
      { orderId: uniqueName('order'), cartId: 'c1', lines: lines.map(([productId, quantity]) => ({ productId, quantity, unitPrice: eur(100) })), total: eur(100) },
      { source: 'order' },
    );
  const orderCancelled = (orderId: string) => createEvent(OrderCancelled, { orderId, cartId: 'c1', reason: 'TIMED_OUT' }, { source: 'order' });
  const repliesTo = (orderId: string) => replies.filter(({ envelope }) => envelope.data.orderId === orderId);
  const replyTo = (orderId: string) => eventually(() => repliesTo(orderId)[0], `the reply to ${orderId}`);

  let env: Record<string, string>;

  beforeAll(async () => {
    env = { MONGO_URL: await requireServer('mongodb'), MONGO_DB: uniqueName('it-catalog-stock') };
    const brokers = (await requireServer('kafka')).split(',');
    moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [() => env] }),
        MongoConnectionModule,
        // Private topics: this run's orders.v1 and stock.v1 are nobody else's.
        KafkaModule.forRootAsync({ useFactory: () => ({ clientId: 'catalog-stock-test', brokers, topicPrefix: `${uniqueName('it')}.` }) }),
        CatalogStockModule.forRoot({ consumerGroup: uniqueName('it-catalog'), relay: { sweepIntervalMs: 200 }, claimLeaseMs: LEASE_MS }),
      ],
    }).compile();
    moduleRef.useLogger(['error', 'warn']);
    products = moduleRef.get(getModelToken(Product.name));
    reservations = moduleRef.get(getModelToken(Reservation.name));
    publisher = moduleRef.get(EventPublisher);
    service = moduleRef.get(StockReservationService);
    const connection = moduleRef.get(KafkaConnection);
    await connection.ensureTopics([STOCK_TOPIC]);
    await moduleRef.get(EventConsumer).subscribe({
      groupId: uniqueName('it-stock-reader'),
      topics: [connection.topicName(STOCK_TOPIC.topic)],
      fromBeginning: true,
      handle: async ({ key, value }) => void replies.push({ key, envelope: JSON.parse(String(value)) }),
    });
    await moduleRef.init();
  }, 60_000);

  afterAll(async () => {
    await products?.db.dropDatabase();
    await moduleRef?.close();
  });

  it('reserves every line of an OrderPlaced, decrements the stock and publishes StockReserved keyed by order id', async () => {
    const mug = await product('Mug', 5);
    const tea = await product('Tea', 3);
    const event = orderPlaced([mug, 2], [tea, 1], [mug, 1]);
    await publisher.publish(OrderPlaced, [event]);

    const reply = await replyTo(event.data.orderId);
    expect(reply.key).toBe(event.data.orderId);
    expect(reply.envelope).toMatchObject({
      type: 'StockReserved.v1',
      source: 'catalog',
      data: { orderId: event.data.orderId, lines: [{ productId: mug, quantity: 3 }, { productId: tea, quantity: 1 }] },
    });
    expect(await stockOf(mug)).toBe(2);
    expect(await stockOf(tea)).toBe(2);
    await marksDropped(mug, tea);
    await eventually(async () => ((await reservations.findById(event.data.orderId).lean<Reservation>().exec())?.sentAt ? true : undefined), 'the reply marked sent');
  });

  it('reads each product of a reservation once: the read it is held under is also the guard of its update', async () => {
    const mug = await product('Mug', 5);
    const tea = await product('Tea', 3);
    // Every read of one product goes through findOne (mongoose's findById calls it).
    const findOne = jest.spyOn(products, 'findOne');
    try {
      await expect(service.reserve(orderPlaced([mug, 1], [tea, 1]))).resolves.toBe('RESERVED');
      expect(findOne).toHaveBeenCalledTimes(2);
    } finally {
      findOne.mockRestore();
    }
    expect(await stockOf(mug)).toBe(4);
  });

  it('rejects the whole order when one line is short, naming it and what is available, and gives back the lines already taken', async () => {
    const mug = await product('Mug', 5);
    const tea = await product('Tea', 1);
    const event = orderPlaced([mug, 2], [tea, 3]);
    await publisher.publish(OrderPlaced, [event]);

    const reply = await replyTo(event.data.orderId);
    expect(reply.envelope).toMatchObject({
      type: 'StockRejected.v1',
      data: { orderId: event.data.orderId, reason: 'Not enough stock for Tea (requested 3, available 1)', unavailable: [{ productId: tea, requested: 3, available: 1 }] },
    });
    expect(await stockOf(mug)).toBe(5);
    expect(await stockOf(tea)).toBe(1);
  });

  it('takes the stock once and replies once when the same OrderPlaced is delivered twice', async () => {
    const mug = await product('Mug', 5);
    const event = orderPlaced([mug, 2]);
    await publisher.publish(OrderPlaced, [event, event]);
    // The same order again under a new event id: only the reservation's claim can tell, and it is all that de-duplicates.
    await publisher.publish(OrderPlaced, [createEvent(OrderPlaced, event.data, { source: 'order' })]);
    await replyTo(event.data.orderId);
    const marker = orderPlaced([mug, 1]);
    await publisher.publish(OrderPlaced, [marker]);
    await replyTo(marker.data.orderId);
    await new Promise((resolve) => setTimeout(resolve, 1000));

    expect(await stockOf(mug)).toBe(2);
    expect(repliesTo(event.data.orderId)).toHaveLength(1);
    expect(await reservations.db.collection('processed_events').countDocuments({ eventId: event.id })).toBe(0);
  });

  it('after a crash between taking stock and storing the outcome, the redelivery takes the claim over and takes nothing twice', async () => {
    const mug = await product('Mug', 5);
    const tea = await product('Tea', 5);
    const event = orderPlaced([mug, 2], [tea, 1]);
    // The first delivery claimed the order and took the mug, then the process died: its claim is past the lease.
    await reservations.create({ _id: event.data.orderId, status: 'RESERVING', claim: 'dead', claimedAt: new Date(Date.now() - 2 * LEASE_MS), lines: [] });
    await moduleRef.get(StockRepository).hold({ id: mug, categoryId: 'kitchen' }, event.data.orderId, 2);

    await expect(service.reserve(event)).resolves.toBe('RESERVED');
    expect(await stockOf(mug)).toBe(3);
    expect(await stockOf(tea)).toBe(4);
    await expect(service.reserve(event)).resolves.toBe('ALREADY_DECIDED');
  });

  describe('an attempt of this instance that failed mid-way (the database went away after the claim)', () => {
    /** Reserves `event`, the second `hold` failing as a closed connection does: the claim stays RESERVING, the first line taken. */
    async function reserveFailingMidWay(event: EventOf<typeof OrderPlaced>): Promise<void> {
      const stock = moduleRef.get(StockRepository);
      const hold = stock.holdById.bind(stock);
      const spy = jest
        .spyOn(stock, 'holdById')
        .mockImplementationOnce(hold)
        .mockImplementationOnce(async () => {
          throw Object.assign(new Error('connection 7 to 127.0.0.1:27017 closed'), { name: 'MongoNetworkError' });
        });
      try {
        await expect(service.reserve(event)).rejects.toThrow('closed');
      } finally {
        spy.mockRestore();
      }
      expect((await reservations.findById(event.data.orderId).lean<Reservation>().exec())?.status).toBe('RESERVING');
    }

    it('is retried by the same instance at once, not after the lease, and takes nothing twice', async () => {
      const mug = await product('Mug', 5);
      const tea = await product('Tea', 5);
      const event = orderPlaced([mug, 2], [tea, 1]);
      await reserveFailingMidWay(event);
      expect(await stockOf(mug)).toBe(3);

      const retried = Date.now();
      await expect(service.reserve(event)).resolves.toBe('RESERVED');
      expect(Date.now() - retried).toBeLessThan(LEASE_MS);
      expect(await stockOf(mug)).toBe(3);
      expect(await stockOf(tea)).toBe(4);
    });

    it('is undone at once by a cancellation on the same instance', async () => {
      const mug = await product('Mug', 5);
      const tea = await product('Tea', 5);
      const event = orderPlaced([mug, 2], [tea, 1]);
      await reserveFailingMidWay(event);

      await expect(service.release(event.data.orderId)).resolves.toBe('RELEASED');
      expect(await stockOf(mug)).toBe(5);
      expect(await stockOf(tea)).toBe(5);
      await expect(service.reserve(event)).resolves.toBe('CANCELLED');
    });
  });

  it('a delivery that finds a claim in progress within its lease moves no stock', async () => {
    const mug = await product('Mug', 5);
    const event = orderPlaced([mug, 2]);
    await reservations.create({ _id: event.data.orderId, status: 'RESERVING', claim: 'alive', claimedAt: new Date(), lines: [] });
    await expect(service.reserve(event)).resolves.toBe('IN_PROGRESS');
    expect(await stockOf(mug)).toBe(5);
  });

  it('a claimant killed within its lease (restarted before it ran out): OrderPlaced and OrderCancelled over Kafka still give every unit back', async () => {
    const mug = await product('Mug', 5);
    const tea = await product('Tea', 5);
    const placed = orderPlaced([mug, 2], [tea, 1]);
    // The process that claimed the order took the mug and was killed a moment ago; OrderPlaced comes
    // back (its offset was never committed), followed by the OrderCancelled of the PENDING deadline.
    await reservations.create({ _id: placed.data.orderId, status: 'RESERVING', claim: 'killed', claimedAt: new Date(), lines: [{ productId: mug, quantity: 2 }, { productId: tea, quantity: 1 }] });
    await moduleRef.get(StockRepository).hold({ id: mug, categoryId: 'kitchen' }, placed.data.orderId, 2);
    await publisher.publish(OrderPlaced, [placed]);
    await publisher.publish(OrderCancelled, [orderCancelled(placed.data.orderId)]);

    await eventually(async () => ((await stockOf(mug)) === 5 && (await stockOf(tea)) === 5 ? true : undefined), 'the stock given back', 4 * LEASE_MS);
    await marksDropped(mug, tea);
  });

  it('releases a reservation on OrderCancelled exactly once and publishes StockReleased once', async () => {
    const mug = await product('Mug', 5);
    const tea = await product('Tea', 3);
    const placed = orderPlaced([mug, 2], [tea, 1]);
    await publisher.publish(OrderPlaced, [placed]);
    expect((await replyTo(placed.data.orderId)).envelope.type).toBe('StockReserved.v1');
    expect(await stockOf(mug)).toBe(3);

    const cancelled = orderCancelled(placed.data.orderId);
    // The same event twice (a redelivery) and the same cancellation under a new id (an outbox re-publish after a crash).
    await publisher.publish(OrderCancelled, [cancelled, cancelled, createEvent(OrderCancelled, cancelled.data, { source: 'order' })]);
    const released = await eventually(() => repliesTo(placed.data.orderId).find(({ envelope }) => envelope.type === 'StockReleased.v1'), 'StockReleased');
    expect(released).toMatchObject({ key: placed.data.orderId, envelope: { source: 'catalog', data: { orderId: placed.data.orderId, lines: [{ productId: mug, quantity: 2 }, { productId: tea, quantity: 1 }] } } });
    await expect(service.release(placed.data.orderId)).resolves.toBe('ALREADY_RELEASED');
    const marker = orderPlaced([mug, 1]);
    await publisher.publish(OrderPlaced, [marker]);
    await replyTo(marker.data.orderId);

    expect(await stockOf(mug)).toBe(4);
    expect(await stockOf(tea)).toBe(3);
    expect(repliesTo(placed.data.orderId).map(({ envelope }) => envelope.type)).toEqual(['StockReserved.v1', 'StockReleased.v1']);
    await marksDropped(mug, tea);
  });

  it('an order cancelled before its OrderPlaced is handled is never reserved (the cancellation notice)', async () => {
    const mug = await product('Mug', 5);
    const placed = orderPlaced([mug, 2]);
    await expect(service.release(placed.data.orderId)).resolves.toBe('NOT_YET_RESERVED');
    await expect(service.reserve(placed)).resolves.toBe('CANCELLED');
    expect(await stockOf(mug)).toBe(5);
    expect(await reservations.exists({ _id: placed.data.orderId })).toBeNull();
  });

  it('OrderCancelled handled while the reservation is in progress: it is left to the claimant, which releases after deciding', async () => {
    const mug = await product('Mug', 5);
    const placed = orderPlaced([mug, 2]);
    const stock = moduleRef.get(StockRepository);
    const hold = stock.holdById.bind(stock);
    // While the claimant takes the mug, another instance handles OrderCancelled: it writes the
    // notice, reads the reservation RESERVING within its lease, and leaves it to the claimant.
    const spy = jest.spyOn(stock, 'holdById').mockImplementationOnce(async (...args) => {
      await reservations.create({ _id: `${placed.data.orderId}:cancelled`, status: 'CANCELLED' });
      expect((await reservations.findById(placed.data.orderId).lean<Reservation>().exec())?.status).toBe('RESERVING');
      return hold(...args);
    });
    try {
      await expect(service.reserve(placed)).resolves.toBe('RESERVED');
    } finally {
      spy.mockRestore();
    }
    expect(await stockOf(mug)).toBe(5);
    expect((await reservations.findById(`${placed.data.orderId}:release`).lean<Reservation>().exec())?.status).toBe('RELEASED');
    await eventually(() => repliesTo(placed.data.orderId).find(({ envelope }) => envelope.type === 'StockReleased.v1'), 'StockReleased');
  });

  it('a rejected order has nothing to release', async () => {
    const mug = await product('Mug', 1);
    const placed = orderPlaced([mug, 2]);
    await expect(service.reserve(placed)).resolves.toBe('REJECTED');
    await expect(service.release(placed.data.orderId)).resolves.toBe('NOTHING_RESERVED');
    expect(await stockOf(mug)).toBe(1);
  });

  it('a cancellation finding a reservation whose claimant died gives back what its marks hold', async () => {
    const mug = await product('Mug', 5);
    const tea = await product('Tea', 5);
    const placed = orderPlaced([mug, 2], [tea, 1]);
    await reservations.create({ _id: placed.data.orderId, status: 'RESERVING', claim: 'dead', claimedAt: new Date(Date.now() - 2 * LEASE_MS), lines: [{ productId: mug, quantity: 2 }, { productId: tea, quantity: 1 }] });
    await moduleRef.get(StockRepository).hold({ id: mug, categoryId: 'kitchen' }, placed.data.orderId, 2);
    expect(await stockOf(mug)).toBe(3);

    await expect(service.release(placed.data.orderId)).resolves.toBe('RELEASED');
    expect(await stockOf(mug)).toBe(5);
    expect(await stockOf(tea)).toBe(5);
    await expect(service.reserve(placed)).resolves.toBe('CANCELLED');
  });

  describe('two catalog instances (separate connections, locks and services) on one database', () => {
    let second: TestingModule;
    let other: StockReservationService;

    beforeAll(async () => {
      second = await Test.createTestingModule({
        imports: [ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [() => env] }), MongoConnectionModule, CatalogDataAccessModule],
      }).compile();
      second.useLogger(['error']);
      await second.init();
      // Its replies are in the shared outbox; the first instance's relay sweeps and publishes them.
      other = new StockReservationService(second.get(StockRepository), second.get(ReservationsRepository), { nudge: () => undefined } as unknown as OutboxRelay, second.get(CatalogCache), LEASE_MS);
    });
    afterAll(() => second?.close());

    it('the same OrderPlaced handled by both at once: one claims it, stock moves once, one reply', async () => {
      // One product per order: FerretDB loses concurrent updates of one document from two connections
      // whatever the code does (docs/reliability.md); the claim under test is the insert.
      const lines = await Promise.all(Array.from({ length: 10 }, (_, i) => product(`Cup ${i}`, 3)));
      const events = lines.map((id) => orderPlaced([id, 2]));
      const results = await Promise.all(events.map((event) => Promise.all([service.reserve(event), other.reserve(event)])));

      for (const pair of results) {
        expect(pair.filter((r) => r === 'RESERVED')).toHaveLength(1);
        expect(pair.filter((r) => r === 'ALREADY_DECIDED' || r === 'IN_PROGRESS')).toHaveLength(1);
      }
      expect(await Promise.all(lines.map(stockOf))).toEqual(lines.map(() => 1));
      await eventually(() => (events.every((e) => repliesTo(e.data.orderId).length === 1) ? true : undefined), 'one reply per order');
    });

    it('the same OrderCancelled handled by both at once: stock comes back once, one StockReleased', async () => {
      const lines = await Promise.all(Array.from({ length: 10 }, (_, i) => product(`Bowl ${i}`, 3)));
      const events = lines.map((id) => orderPlaced([id, 2]));
      for (const event of events) await expect(service.reserve(event)).resolves.toBe('RESERVED');
      const results = await Promise.all(events.map(({ data }) => Promise.all([service.release(data.orderId), other.release(data.orderId)])));

      for (const pair of results) expect(pair.filter((r) => r === 'RELEASED')).toHaveLength(1);
      expect(await Promise.all(lines.map(stockOf))).toEqual(lines.map(() => 3));
      await eventually(
        () => (events.every((e) => repliesTo(e.data.orderId).filter(({ envelope }) => envelope.type === 'StockReleased.v1').length === 1) ? true : undefined),
        'one StockReleased per order',
      );
    });

    // The claims and the notice are inserts (atomic on FerretDB too), but the two sides also update
    // one product at nearly the same time (the reserver dropping its mark, the releaser giving back).
    // MongoDB applies each update atomically; FerretDB 1.x loses one of two concurrent updates of a
    // document from two connections (stock came back 1 instead of 3 in a CI run), so there the test
    // could only pass by luck: it runs on MongoDB, and is skipped on FerretDB (MONGO_ENGINE, set by
    // tools/infra), where one catalog instance is what is supported (StockRepository).
    const onAtomicUpdatesAcrossConnections = process.env['MONGO_ENGINE'] === 'ferretdb' ? it.skip : it;
    onAtomicUpdatesAcrossConnections('OrderPlaced on one instance and OrderCancelled on the other at once: every order ends with its stock back', async () => {
      const lines = await Promise.all(Array.from({ length: 10 }, (_, i) => product(`Plate ${i}`, 3)));
      const events = lines.map((id) => orderPlaced([id, 2]));
      await Promise.all(events.map((event) => Promise.all([service.reserve(event), other.release(event.data.orderId)])));

      expect(await Promise.all(lines.map(stockOf))).toEqual(lines.map(() => 3));
      for (const event of events) {
        const reservation = await reservations.findById(event.data.orderId).lean<Reservation>().exec();
        const release = await reservations.findById(`${event.data.orderId}:release`).lean<Reservation>().exec();
        // Either never reserved, or reserved and released exactly once.
        expect([reservation?.status ?? 'NONE', release?.status ?? 'NONE']).toEqual(reservation ? ['RESERVED', 'RELEASED'] : ['NONE', 'NONE']);
      }
    });
  });

  it('20 concurrent reservations of 1 unit of a product with stock 5: exactly 5 reserved, 15 rejected, stock 0', async () => {
    const mug = await product('Mug', 5);
    const events = Array.from({ length: 20 }, () => orderPlaced([mug, 1]));
    const results = await Promise.all(events.map((event) => service.reserve(event)));

    expect(results.filter((r) => r === 'RESERVED')).toHaveLength(5);
    expect(results.filter((r) => r === 'REJECTED')).toHaveLength(15);
    expect(await stockOf(mug)).toBe(0);
    const stored = await reservations.find({ _id: { $in: events.map((e) => e.data.orderId) } }).lean<Reservation[]>().exec();
    expect(stored.filter((r) => r.status === 'RESERVED')).toHaveLength(5);
    await eventually(() => (events.every((e) => repliesTo(e.data.orderId).length === 1) ? true : undefined), 'all 20 replies');
  });

  it('20 concurrent OrderPlaced over Kafka for stock 5: 5 StockReserved, 15 StockRejected, stock 0', async () => {
    const tea = await product('Tea', 5);
    const events = Array.from({ length: 20 }, () => orderPlaced([tea, 1]));
    await Promise.all(events.map((event) => publisher.publish(OrderPlaced, [event])));
    const all = await eventually(() => (events.every((e) => repliesTo(e.data.orderId).length > 0) ? events.map((e) => repliesTo(e.data.orderId)[0]) : undefined), 'all 20 replies');
    expect(all.filter(({ envelope }) => envelope.type === 'StockReserved.v1')).toHaveLength(5);
    expect(all.filter(({ envelope }) => envelope.type === 'StockRejected.v1')).toHaveLength(15);
    expect(await stockOf(tea)).toBe(0);
  });

  it('rejects unknown and malformed product ids with available 0', async () => {
    const event = orderPlaced([new Types.ObjectId().toHexString(), 1], ['not-an-id', 1]);
    await expect(service.reserve(event)).resolves.toBe('REJECTED');
    const stored = await reservations.findById(event.data.orderId).lean<Reservation>().exec();
    expect(stored?.unavailable).toEqual([
      { productId: event.data.lines[0].productId, requested: 1, available: 0 },
      { productId: 'not-an-id', requested: 1, available: 0 },
    ]);
  });
});
