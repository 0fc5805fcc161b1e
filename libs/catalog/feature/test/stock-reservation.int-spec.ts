import { ConfigModule } from '@nestjs/config';
import { getModelToken } from '@nestjs/mongoose';
import { Test, TestingModule } from '@nestjs/testing';
import { Model, Types } from 'mongoose';
import { createEvent, EventEnvelope, EventOf, OrderPlaced, STOCK_TOPIC } from '@bazaar/contracts';
import { Product, Reservation, StockRepository } from '@bazaar/catalog/data-access';
import { EventConsumer, EventPublisher, KafkaConnection, KafkaModule } from '@bazaar/shared/messaging';
import { MongoConnectionModule } from '@bazaar/shared/mongo';
import { eventually, requireServer, uniqueName } from '@bazaar/shared/testing';
import { CatalogStockModule, StockReservationService } from '../src';

const eur = (amount: number) => ({ amount, currency: 'EUR' });

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
  const orderPlaced = (...lines: [string, number][]): EventOf<typeof OrderPlaced> =>
    createEvent(
      OrderPlaced,
      { orderId: uniqueName('order'), cartId: 'c1', lines: lines.map(([productId, quantity]) => ({ productId, quantity, unitPrice: eur(100) })), total: eur(100) },
      { source: 'order' },
    );
  const repliesTo = (orderId: string) => replies.filter(({ envelope }) => envelope.data.orderId === orderId);
  const replyTo = (orderId: string) => eventually(() => repliesTo(orderId)[0], `the reply to ${orderId}`);

  beforeAll(async () => {
    const env = { MONGO_URL: await requireServer('mongodb'), MONGO_DB: uniqueName('it-catalog-stock') };
    const brokers = (await requireServer('kafka')).split(',');
    moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [() => env] }),
        MongoConnectionModule,
        // Private topics: this run's orders.v1 and stock.v1 are nobody else's.
        KafkaModule.forRootAsync({ useFactory: () => ({ clientId: 'catalog-stock-test', brokers, topicPrefix: `${uniqueName('it')}.` }) }),
        CatalogStockModule.forRoot({ consumerGroup: uniqueName('it-catalog'), relay: { sweepIntervalMs: 200 } }),
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
    expect((await products.findById(mug).lean<Product>().exec())?.stockHolds ?? []).toEqual([]);
    await eventually(async () => ((await reservations.findById(event.data.orderId).lean<Reservation>().exec())?.sentAt ? true : undefined), 'the reply marked sent');
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
    // The same order again under a new event id: the processed-event record cannot help, the reservation does.
    await publisher.publish(OrderPlaced, [createEvent(OrderPlaced, event.data, { source: 'order' })]);
    await replyTo(event.data.orderId);
    const marker = orderPlaced([mug, 1]);
    await publisher.publish(OrderPlaced, [marker]);
    await replyTo(marker.data.orderId);
    await new Promise((resolve) => setTimeout(resolve, 1000));

    expect(await stockOf(mug)).toBe(2);
    expect(repliesTo(event.data.orderId)).toHaveLength(1);
  });

  it('after a crash between taking stock and storing the outcome, the replay takes nothing twice', async () => {
    const mug = await product('Mug', 5);
    const tea = await product('Tea', 5);
    const event = orderPlaced([mug, 2], [tea, 1]);
    // The first delivery took the mug, then the process died.
    await moduleRef.get(StockRepository).hold({ id: mug, categoryId: 'kitchen' }, event.data.orderId, 2);

    await expect(service.reserve(event)).resolves.toBe('RESERVED');
    expect(await stockOf(mug)).toBe(3);
    expect(await stockOf(tea)).toBe(4);
    await expect(service.reserve(event)).resolves.toBe('ALREADY_DECIDED');
  });

  it('20 concurrent reservations of 1 unit of a product with stock 5: exactly 5 reserved, 15 rejected, stock 0', async () => {
    const mug = await product('Mug', 5);
    const events = Array.from({ length: 20 }, () => orderPlaced([mug, 1]));
    const results = await Promise.all(events.map((event) => service.reserve(event)));

    expect(results.filter((r) => r === 'RESERVED')).toHaveLength(5);
    expect(results.filter((r) => r === 'REJECTED')).toHaveLength(15);
    expect(await stockOf(mug)).toBe(0);
    const stored = await reservations.find({ _id: { $in: events.map((e) => e.data.orderId) } }).lean<Reservation[]>().exec();
    expect(stored.filter((r) => r.outcome === 'RESERVED')).toHaveLength(5);
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
