import { ConfigModule } from '@nestjs/config';
import { getConnectionToken, getModelToken } from '@nestjs/mongoose';
import { Test, TestingModule } from '@nestjs/testing';
import { Connection, Model } from 'mongoose';
import {
  createEvent,
  EventEnvelope,
  ORDERS_TOPIC,
  OrderCancelled,
  OrderPlaced,
  PAYMENTS_TOPIC,
  PaymentMethod,
  STOCK_TOPIC,
  StockReserved,
  TEST_CARDS,
  cardSchema,
} from '@bazaar/contracts';
import { CardSimulatorLedger, CardSimulatorLedgerEntry, PaymentsDataAccessModule, PaymentsDocument, PaymentsRepository } from '@bazaar/payments/data-access';
import { CardProvider } from '@bazaar/payments/domain';
import { deadLetterTopic, EventConsumer, EventPublisher, KafkaConnection, KafkaModule, OutboxRelay } from '@bazaar/shared/messaging';
import { MongoConnectionModule, mongoEngine } from '@bazaar/shared/mongo';
import { eventually, requireServer, uniqueName } from '@bazaar/shared/testing';
import { CARD_PROVIDER, PaymentAuthorizations, PaymentsFeatureModule, SimulatedCardProvider } from '../src';
import { IncomingEventsHandlers } from '../src/incoming-events.handlers';

const total = { amount: 4598, currency: 'EUR' };
const SLOW_MS = 300;

describe('payments side of the checkout saga (real Kafka and MongoDB wire protocol)', () => {
  let moduleRef: TestingModule;
  let env: Record<string, string>;
  let group: string;
  let publisher: EventPublisher;
  let payments: PaymentsRepository;
  let authorizations: PaymentAuthorizations;
  let provider: CardProvider;
  /** Deliveries each event id got that its handler finished (no processed-event record is kept: the handlers are naturally idempotent). */
  const deliveries = new Map<string, number>();
  let documents: Model<PaymentsDocument>;
  let ledgerEntries: Model<CardSimulatorLedgerEntry>;
  const published: EventEnvelope[] = [];
  const parked: { topic: string; key: string | null }[] = [];

  const tokenize = (number: string): Promise<PaymentMethod> => provider.tokenize(cardSchema.parse({ number, expiry: '12/40', cvc: '123' }));
  const orderPlaced = (orderId: string, payment?: PaymentMethod) => createEvent(OrderPlaced, { orderId, cartId: 'c1', lines: [{ productId: 'p1', quantity: 2, unitPrice: { amount: 2299, currency: 'EUR' } }], total, payment }, { source: 'order' });
  const stockReserved = (orderId: string) => createEvent(StockReserved, { orderId, lines: [{ productId: 'p1', quantity: 2 }] }, { source: 'catalog' });
  const orderCancelled = (orderId: string) => createEvent(OrderCancelled, { orderId, cartId: 'c1', reason: 'TIMED_OUT' }, { source: 'order' });

  const paymentOf = (orderId: string) => payments.findById(orderId);
  const statusIs = (orderId: string, status: string) => eventually(async () => ((await paymentOf(orderId))?.status === status ? true : undefined), `payment of ${orderId} ${status}`);
  const eventsOf = (orderId: string) => published.filter(({ data }) => data['orderId'] === orderId);
  const outcomeOf = (orderId: string) => eventually(() => eventsOf(orderId)[0], `the outcome of ${orderId} published`);
  const handled = (event: EventEnvelope) => eventually(() => (deliveries.has(event.id) ? true : undefined), `${event.type} ${event.id} handled`);
  const ledgerOf = (orderId: string) => ledgerEntries.find({ _id: { $in: [`authorize:${orderId}`, `void:${orderId}`] } }).lean<CardSimulatorLedgerEntry[]>().exec();
  /** Every event of this order the relay could still publish has been published (its document says sent). */
  const settled = (orderId: string) => eventually(async () => ((await documents.findById(orderId).lean<PaymentsDocument>().exec())?.sentAt ? true : undefined), `the outcome of ${orderId} marked sent`);

  beforeAll(async () => {
    env = { MONGO_URL: await requireServer('mongodb'), MONGO_DB: uniqueName('it-payments-saga'), PAYMENTS_SIMULATOR_SLOW_MS: String(SLOW_MS) };
    const brokers = (await requireServer('kafka')).split(',');
    group = uniqueName('it-payments');
    moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [() => env] }),
        MongoConnectionModule,
        // Private topics: this run's orders.v1, stock.v1 and payments.v1 are nobody else's.
        KafkaModule.forRootAsync({ useFactory: () => ({ clientId: 'payments-saga-test', brokers, topicPrefix: `${uniqueName('it')}.` }) }),
        PaymentsFeatureModule.forRoot({ consumerGroup: group, relay: { sweepIntervalMs: 200 } }),
      ],
    }).compile();
    moduleRef.useLogger(['error', 'warn']);
    publisher = moduleRef.get(EventPublisher);
    payments = moduleRef.get(PaymentsRepository);
    authorizations = moduleRef.get(PaymentAuthorizations);
    provider = moduleRef.get(CARD_PROVIDER);
    for (const handler of moduleRef.get(IncomingEventsHandlers).handlers) {
      const handle = handler.handle.bind(handler);
      handler.handle = async (event, context) => {
        await handle(event, context);
        deliveries.set(event.id, (deliveries.get(event.id) ?? 0) + 1);
      };
    }
    documents = moduleRef.get(getModelToken(PaymentsDocument.name));
    ledgerEntries = moduleRef.get(getModelToken(CardSimulatorLedgerEntry.name));
    const connection = moduleRef.get(KafkaConnection);
    const dlqs = [ORDERS_TOPIC, STOCK_TOPIC].map((spec) => ({ ...spec, topic: deadLetterTopic(spec.topic) }));
    await connection.ensureTopics([PAYMENTS_TOPIC, ORDERS_TOPIC, STOCK_TOPIC, ...dlqs]);
    const consumer = moduleRef.get(EventConsumer);
    await consumer.subscribe({
      groupId: uniqueName('it-payments-reader'),
      topics: [connection.topicName(PAYMENTS_TOPIC.topic)],
      fromBeginning: true,
      handle: async ({ value }) => void published.push(JSON.parse(String(value))),
    });
    await consumer.subscribe({
      groupId: uniqueName('it-dlq-reader'),
      topics: dlqs.map(({ topic }) => connection.topicName(topic)),
      fromBeginning: true,
      handle: async ({ topic, key }) => void parked.push({ topic, key }),
    });
    await moduleRef.init();
  }, 60_000);

  afterAll(async () => {
    await moduleRef?.get<Connection>(getConnectionToken()).dropDatabase();
    await moduleRef?.close();
  });

  it.each([
    ['OrderPlaced then StockReserved', 'order-first'],
    ['StockReserved then OrderPlaced', 'stock-first'],
  ])('%s: authorized exactly once, PaymentAuthorized published with brand and last four digits', async (_, order) => {
    const orderId = uniqueName('order');
    const method = await tokenize(TEST_CARDS.approves);
    const [first, second] = order === 'order-first' ? [orderPlaced(orderId, method), stockReserved(orderId)] : [stockReserved(orderId), orderPlaced(orderId, method)];
    await publisher.publish(first.type === OrderPlaced.type ? OrderPlaced : StockReserved, [first] as never);
    await statusIs(orderId, order === 'order-first' ? 'AWAITING_STOCK' : 'AWAITING_ORDER');
    await publisher.publish(second.type === OrderPlaced.type ? OrderPlaced : StockReserved, [second] as never);

    const outcome = await outcomeOf(orderId);
    const payment = await paymentOf(orderId);
    expect(payment).toMatchObject({ status: 'AUTHORIZED', attempts: 1, stockReserved: true, amount: total, method: { brand: 'visa', last4: '4242' } });
    expect(outcome).toMatchObject({ type: 'PaymentAuthorized.v1', source: 'payments', data: { orderId, authorizationId: payment?.authorizationId, amount: total, brand: 'visa', last4: '4242' } });
    await settled(orderId);
    expect(eventsOf(orderId)).toHaveLength(1);
    expect(await ledgerOf(orderId)).toHaveLength(1);
  });

  it('the same StockReserved delivered twice, and again under a new event id: one charge, one PaymentAuthorized', async () => {
    const orderId = uniqueName('order');
    await publisher.publish(OrderPlaced, [orderPlaced(orderId, await tokenize(TEST_CARDS.approvesMastercard))]);
    await statusIs(orderId, 'AWAITING_STOCK');
    const reserved = stockReserved(orderId);
    const again = createEvent(StockReserved, reserved.data, { source: 'catalog' });
    await publisher.publish(StockReserved, [reserved, reserved, again]);
    await handled(again);
    // Both copies reached the handler (no processed-event record filters them), and still one charge below.
    expect(deliveries.get(reserved.id)).toBe(2);

    await outcomeOf(orderId);
    await settled(orderId);
    expect(eventsOf(orderId)).toEqual([expect.objectContaining({ type: 'PaymentAuthorized.v1', data: expect.objectContaining({ brand: 'mastercard', last4: '4444' }) })]);
    const ledger = await ledgerOf(orderId);
    expect(ledger).toHaveLength(1);
    expect((await paymentOf(orderId))?.authorizationId).toBe(ledger[0].answer?.['authorizationId']);
  });

  describe('two payments instances (separate connections, locks and providers) on one database', () => {
    let second: TestingModule;
    let other: PaymentAuthorizations;

    beforeAll(async () => {
      second = await Test.createTestingModule({
        imports: [ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [() => env] }), MongoConnectionModule, PaymentsDataAccessModule],
      }).compile();
      second.useLogger(['error']);
      await second.init();
      // No Kafka for this one: its outcomes are in the shared outbox, which the first instance's relay publishes.
      const relay = { nudge: () => undefined } as unknown as OutboxRelay;
      other = new PaymentAuthorizations(second.get(PaymentsRepository), relay, new SimulatedCardProvider(second.get(CardSimulatorLedger), { slowMs: SLOW_MS }));
    });
    afterAll(() => second?.close());

    it('StockReserved handled by both at once: one charge (one ledger entry), one PaymentAuthorized', async () => {
      // Each step is one conditional update, atomic across processes on MongoDB only: FerretDB checks
      // the guard and writes in two steps and can lose one of two concurrent updates of a document
      // (libs/shared/mongo/src/guarded-update.ts), so there one instance's late write can leave the
      // record behind the ledger. What the provider's idempotency key guarantees holds on both.
      const recordFollowsTheLedger = (await mongoEngine(moduleRef.get<Connection>(getConnectionToken()))) === 'mongodb';
      const orders = Array.from({ length: 5 }, () => uniqueName('order'));
      const method = await tokenize(TEST_CARDS.approves);
      for (const orderId of orders) await expect(authorizations.orderPlaced({ orderId, total, payment: method })).resolves.toBe('AWAITING_STOCK');

      const results = await Promise.all(orders.map((orderId) => Promise.all([authorizations.stockReserved(orderId), other.stockReserved(orderId)])));
      expect(results).toEqual(orders.map(() => ['AUTHORIZED', 'AUTHORIZED']));
      for (const orderId of orders) {
        const ledger = await ledgerOf(orderId);
        expect(ledger).toHaveLength(1);
        if (recordFollowsTheLedger) expect((await paymentOf(orderId))?.authorizationId).toBe(ledger[0].answer?.['authorizationId']);
        await outcomeOf(orderId);
        await settled(orderId);
        // One event: the relay publishes at least once, so a copy under the same id may follow, which consumers skip.
        expect(new Set(eventsOf(orderId).map(({ id }) => id)).size).toBe(1);
      }
    });

    it('an authorization that loses the race to a cancellation is voided', async () => {
      const orderId = uniqueName('order');
      await authorizations.orderPlaced({ orderId, total, payment: await tokenize(TEST_CARDS.approves) });
      // The other instance handles OrderCancelled while this one asks the provider.
      const authorize = provider.authorize.bind(provider);
      const spy = jest.spyOn(provider, 'authorize').mockImplementationOnce(async (request) => {
        await expect(other.orderCancelled(orderId)).resolves.toBe('CANCELLED');
        return authorize(request);
      });
      try {
        await expect(authorizations.stockReserved(orderId)).resolves.toBe('VOIDED');
      } finally {
        spy.mockRestore();
      }
      expect(eventsOf(orderId)).toEqual([]);
      expect((await ledgerOf(orderId)).map(({ _id }) => _id).sort()).toEqual([`authorize:${orderId}`, `void:${orderId}`]);
    });
  });

  it('a declining card: DECLINED, PaymentDeclined with the reason and the message the shopper reads', async () => {
    const orderId = uniqueName('order');
    await publisher.publish(OrderPlaced, [orderPlaced(orderId, await tokenize(TEST_CARDS.insufficientFunds))]);
    await publisher.publish(StockReserved, [stockReserved(orderId)]);

    expect(await outcomeOf(orderId)).toMatchObject({
      type: 'PaymentDeclined.v1',
      data: { orderId, reason: 'INSUFFICIENT_FUNDS', message: 'Payment declined: insufficient funds (visa ending 9995)' },
    });
    expect(await paymentOf(orderId)).toMatchObject({ status: 'DECLINED', declineReason: 'INSUFFICIENT_FUNDS', authorizationId: null, attempts: 1 });
  });

  it('an OrderPlaced without a payment method is declined NO_PAYMENT_METHOD without asking the provider', async () => {
    const orderId = uniqueName('order');
    await publisher.publish(OrderPlaced, [orderPlaced(orderId)]);
    await publisher.publish(StockReserved, [stockReserved(orderId)]);

    expect(await outcomeOf(orderId)).toMatchObject({ type: 'PaymentDeclined.v1', data: { reason: 'NO_PAYMENT_METHOD', message: 'Payment declined: no payment method was given' } });
    expect(await paymentOf(orderId)).toMatchObject({ status: 'DECLINED', attempts: 0 });
    expect(await ledgerOf(orderId)).toEqual([]);
  });

  it('the transiently failing card: the event waits for the provider, is retried, and ends AUTHORIZED after 3 attempts, never parked', async () => {
    const orderId = uniqueName('order');
    await publisher.publish(OrderPlaced, [orderPlaced(orderId, await tokenize(TEST_CARDS.failsTransiently))]);
    await publisher.publish(StockReserved, [stockReserved(orderId)]);

    expect(await outcomeOf(orderId)).toMatchObject({ type: 'PaymentAuthorized.v1', data: { orderId } });
    expect(await paymentOf(orderId)).toMatchObject({ status: 'AUTHORIZED', attempts: 3 });
    expect(await ledgerOf(orderId)).toEqual([expect.objectContaining({ unavailable: 2, answer: expect.objectContaining({ outcome: 'approved' }) })]);
    expect(parked.filter(({ key }) => key === orderId)).toEqual([]);
  });

  it(`the slow card is approved after PAYMENTS_SIMULATOR_SLOW_MS (${SLOW_MS} ms here)`, async () => {
    const method = await tokenize(TEST_CARDS.slow);
    const started = Date.now();
    await expect(provider.authorize({ idempotencyKey: uniqueName('authorize'), paymentMethodId: method.id, amount: total })).resolves.toMatchObject({ outcome: 'approved' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(SLOW_MS);
  });

  it('OrderCancelled before the authorization: CANCELLED, and a later StockReserved authorizes nothing', async () => {
    const orderId = uniqueName('order');
    await publisher.publish(OrderPlaced, [orderPlaced(orderId, await tokenize(TEST_CARDS.approves))]);
    await statusIs(orderId, 'AWAITING_STOCK');
    await publisher.publish(OrderCancelled, [orderCancelled(orderId)]);
    await statusIs(orderId, 'CANCELLED');
    const late = stockReserved(orderId);
    await publisher.publish(StockReserved, [late]);
    await handled(late);

    expect(await paymentOf(orderId)).toMatchObject({ status: 'CANCELLED', attempts: 0, authorizationId: null });
    expect(await ledgerOf(orderId)).toEqual([]);
    expect(eventsOf(orderId)).toEqual([]);
  });

  it('OrderCancelled after the authorization: voided at the provider, VOIDED', async () => {
    const orderId = uniqueName('order');
    await publisher.publish(StockReserved, [stockReserved(orderId)]);
    await statusIs(orderId, 'AWAITING_ORDER');
    await publisher.publish(OrderPlaced, [orderPlaced(orderId, await tokenize(TEST_CARDS.approves))]);
    const authorized = await outcomeOf(orderId);
    await publisher.publish(OrderCancelled, [orderCancelled(orderId)]);
    await statusIs(orderId, 'VOIDED');

    expect(await paymentOf(orderId)).toMatchObject({ status: 'VOIDED', authorizationId: authorized.data['authorizationId'] });
    expect((await ledgerOf(orderId)).map(({ _id, answer }) => [_id, answer?.['outcome']]).sort()).toEqual([
      [`authorize:${orderId}`, 'approved'],
      [`void:${orderId}`, 'voided'],
    ]);
  });

  it('stores no card number anywhere: every document of its database holds at most the last four digits', async () => {
    const numbers = Object.values(TEST_CARDS).map((number) => number.replace(/\D/g, ''));
    const db = moduleRef.get<Connection>(getConnectionToken()).db;
    if (!db) throw new Error('no database');
    const collections = await db.listCollections().toArray();
    expect(collections.map(({ name }) => name)).toEqual(expect.arrayContaining(['payments', 'card_simulator_ledger']));
    for (const { name } of collections) {
      const text = JSON.stringify(await db.collection(name).find().toArray());
      for (const number of numbers) expect({ collection: name, holds: text.includes(number) || text.includes(number.slice(0, 12)) }).toEqual({ collection: name, holds: false });
    }
    expect(JSON.stringify(published)).not.toMatch(new RegExp(numbers.join('|')));
  });
});
