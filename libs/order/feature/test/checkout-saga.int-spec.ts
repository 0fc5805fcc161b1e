import { randomUUID } from 'node:crypto';
import { CallHandler, Controller, ExecutionContext, INestMicroservice, NestInterceptor } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { ClientProxy, ClientProxyFactory, ClientsModule, MessagePattern, Transport } from '@nestjs/microservices';
import { getModelToken } from '@nestjs/mongoose';
import { Test } from '@nestjs/testing';
import { Model } from 'mongoose';
import { finalize } from 'rxjs';
import {
  CART_SERVICE,
  CartCheckoutLock,
  CartPatterns,
  CartView,
  CATALOG_SERVICE,
  CatalogPatterns,
  CheckoutReply,
  createEvent,
  EventEnvelope,
  GetProductSnapshotsRequest,
  LockCartForCheckoutRequest,
  OrderList,
  OrderPatterns,
  OrderPlaced,
  ORDERS_TOPIC,
  OrderView,
  parseEvent,
  PaymentAuthorized,
  PaymentDeclined,
  PAYMENTS_TOPIC,
  ProductSnapshot,
  STOCK_TOPIC,
  StockRejected,
  StockReserved,
} from '@bazaar/contracts';
import { orderIdFor } from '@bazaar/order/domain';
import { Order } from '@bazaar/order/data-access';
import { EventConsumer, EventPublisher, KafkaConnection, KafkaModule } from '@bazaar/shared/messaging';
import { MongoConnectionModule } from '@bazaar/shared/mongo';
import { callService, DeadlineInterceptor, RpcErrorFilter } from '@bazaar/shared/rpc';
import { eventually, freePorts, requireServer, uniqueName } from '@bazaar/shared/testing';
import { OrderFeatureModule, PendingDeadlineSweeper } from '../src';
import { IncomingEventsHandlers } from '../src/incoming-events.handlers';

// Cart and catalog are small stubs of their contracts (CartPatterns.get, getProductSnapshots),
// served over the real TCP transport; the real services have their own suites.
const carts = new Map<string, CartView>();
const products = new Map<string, ProductSnapshot>();
let catalogDelayMs = 0;
/** The cart's checkout lock as the cart keeps it (LOCK_FOR_CHECKOUT_LUA), settled by the test instead of OrderConfirmed/OrderCancelled. */
const checkoutLocks = new Map<string, { orderId: string; lockedAt: string }>();

@Controller()
class CartAndCatalogStub {
  @MessagePattern(CartPatterns.get)
  cart({ cartId }: { cartId: string }): CartView {
    return carts.get(cartId) ?? { cartId, lines: [], itemCount: 0, subtotal: { amount: 0, currency: 'EUR' } };
  }

  @MessagePattern(CartPatterns.lockForCheckout)
  lock({ cartId, orderId, replacing }: LockCartForCheckoutRequest): CartCheckoutLock {
    const held = checkoutLocks.get(cartId);
    if (held && held.orderId !== orderId && held.orderId !== replacing) return { locked: false, ...held };
    if (!held || held.orderId !== orderId) checkoutLocks.set(cartId, { orderId, lockedAt: new Date().toISOString() });
    return { locked: true, ...(checkoutLocks.get(cartId) as { orderId: string; lockedAt: string }) };
  }

  @MessagePattern(CatalogPatterns.getProductSnapshots)
  async snapshots({ ids }: GetProductSnapshotsRequest) {
    if (catalogDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, catalogDelayMs).unref());
    return { items: ids.flatMap((id) => products.get(id) ?? []) };
  }
}

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const mug: ProductSnapshot = { id: 'p-mug', slug: 'mug', name: 'Mug', image: null, price: eur(1250), stock: 10 };
const tea: ProductSnapshot = { id: 'p-tea', slug: 'tea', name: 'Tea', image: null, price: eur(399), stock: 10 };
for (const product of [mug, tea]) products.set(product.id, product);
const customer = { name: 'Ada', email: 'ada@example.com', address: { line1: '1 Main St', city: 'Paris', postalCode: '75001', country: 'FR' } };
const paymentMethod = { id: 'pm_sim_approves_1', brand: 'visa' as const, last4: '4242' };
const authorized = (orderId: string, amount = eur(1250)) =>
  createEvent(PaymentAuthorized, { orderId, authorizationId: `auth_sim_${orderId}`, amount, brand: 'visa', last4: '4242' }, { source: 'payments' });

function cartWith(...lines: [ProductSnapshot, number, number?][]): string {
  const cartId = uniqueName('cart');
  carts.set(cartId, {
    cartId,
    lines: lines.map(([product, quantity, priceWhenAdded = product.price.amount]) => ({
      productId: product.id,
      slug: product.slug,
      name: product.name,
      image: null,
      quantity,
      unitPrice: product.price,
      priceWhenAdded: eur(priceWhenAdded),
      priceChanged: priceWhenAdded !== product.price.amount,
      lineTotal: eur(product.price.amount * quantity),
      available: true,
    })),
    itemCount: lines.reduce((n, [, quantity]) => n + quantity, 0),
    subtotal: eur(0),
  });
  return cartId;
}

const PENDING_TIMEOUT_MS = 180_000;

describe('checkout and the order side of the saga (real Kafka, MongoDB wire protocol and TCP)', () => {
  let stubPort: number;
  let orderPort: number;
  let stub: INestMicroservice;
  let orderService: INestMicroservice;
  let client: ClientProxy;
  let publisher: EventPublisher;
  let orders: Model<Order>;
  let sweeper: PendingDeadlineSweeper;
  let incoming: IncomingEventsHandlers;
  const published: { key: string | null; envelope: EventEnvelope }[] = [];
  // Idempotency keys whose checkout handler has finished, whatever its outcome.
  const finishedCheckouts = new Set<string>();
  const recordFinished: NestInterceptor = {
    intercept: (execution: ExecutionContext, next: CallHandler) => {
      const { idempotencyKey } = execution.switchToRpc().getData() as { idempotencyKey?: string };
      return next.handle().pipe(finalize(() => idempotencyKey && finishedCheckouts.add(idempotencyKey)));
    },
  };

  beforeAll(async () => {
    [stubPort, orderPort] = await freePorts(2);
    const env = {
      MONGO_URL: await requireServer('mongodb'),
      MONGO_DB: uniqueName('it-order-saga'),
      ORDER_PENDING_TIMEOUT_MS: PENDING_TIMEOUT_MS,
      // The tests sweep on their own, at a chosen time; the timer stays out of their way.
      ORDER_PENDING_SWEEP_INTERVAL_MS: 3_600_000,
    };
    const brokers = (await requireServer('kafka')).split(',');

    stub = (await Test.createTestingModule({ controllers: [CartAndCatalogStub] }).compile()).createNestMicroservice({
      transport: Transport.TCP,
      options: { host: '127.0.0.1', port: stubPort },
      logger: false,
    });
    await stub.listen();

    const tcpClient = (name: string) => ({ name, transport: Transport.TCP as const, options: { host: '127.0.0.1', port: stubPort } });
    const moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [() => env] }),
        MongoConnectionModule,
        // A topic prefix of its own: this suite's orders.v1, stock.v1 and payments.v1 are not shared with any other run.
        KafkaModule.forRootAsync({ useFactory: () => ({ clientId: 'order-saga-test', brokers, topicPrefix: `${uniqueName('it')}.` }) }),
        ClientsModule.register({ isGlobal: true, clients: [tcpClient(CART_SERVICE), tcpClient(CATALOG_SERVICE)] }),
        OrderFeatureModule.forRoot({ consumerGroup: uniqueName('it-order'), relay: { sweepIntervalMs: 200 } }),
      ],
    }).compile();
    orderService = moduleRef.createNestMicroservice({ transport: Transport.TCP, options: { host: '127.0.0.1', port: orderPort }, logger: ['error', 'warn'] });
    orderService.useGlobalFilters(new RpcErrorFilter()).useGlobalInterceptors(recordFinished, new DeadlineInterceptor());
    orders = orderService.get<Model<Order>>(getModelToken(Order.name));
    await orders.syncIndexes();

    const connection = orderService.get(KafkaConnection);
    await connection.ensureTopics([ORDERS_TOPIC, STOCK_TOPIC, PAYMENTS_TOPIC]);
    await orderService.get(EventConsumer).subscribe({
      groupId: uniqueName('it-orders-reader'),
      topics: [connection.topicName(ORDERS_TOPIC.topic)],
      fromBeginning: true,
      handle: async ({ key, value }) => void published.push({ key, envelope: JSON.parse(String(value)) }),
    });
    publisher = orderService.get(EventPublisher);
    sweeper = orderService.get(PendingDeadlineSweeper);
    incoming = orderService.get(IncomingEventsHandlers);
    await orderService.listen();
    client = ClientProxyFactory.create({ transport: Transport.TCP, options: { host: '127.0.0.1', port: orderPort } });
  });

  afterAll(async () => {
    client?.close();
    await orders?.db.dropDatabase();
    await orderService?.close();
    await stub?.close();
  });

  const call = <T>(pattern: string, data: unknown) => callService<T>(client, 'order', pattern, data, 10000);
  const checkout = (cartId: string, idempotencyKey = randomUUID()) => call<CheckoutReply>(OrderPatterns.checkout, { cartId, idempotencyKey, customer, paymentMethod });
  const handlerOf = (type: string) => incoming.handlers.find((handler) => handler.contract.type === type) as (typeof incoming.handlers)[number];
  const eventsOf = (orderId: string, type?: string) => published.filter(({ envelope }) => envelope.data.orderId === orderId && (!type || envelope.type === type));
  const statusOf = (orderId: string, status: string) =>
    eventually(async () => {
      const order = await call<OrderView>(OrderPatterns.get, { orderId });
      return order.status === status ? order : undefined;
    }, `order ${orderId} to be ${status}`);

  it('writes the order PENDING with OrderPlaced in its outbox, and the relay publishes a valid envelope keyed by order id', async () => {
    const cartId = cartWith([mug, 2], [tea, 1]);
    const reply = await checkout(cartId);
    expect(reply).toEqual({ orderId: expect.any(String), status: 'PENDING' });

    const stored = await orders.findById(reply.orderId).lean().exec();
    expect(stored).toMatchObject({ status: 'PENDING', total: 2899, currency: 'EUR', outbox: [{ type: 'OrderPlaced.v1' }] });

    const [message] = await eventually(() => (eventsOf(reply.orderId).length ? eventsOf(reply.orderId) : undefined), 'OrderPlaced on orders.v1');
    expect(message.key).toBe(reply.orderId);
    const parsed = parseEvent(OrderPlaced, message.envelope);
    expect(parsed).toEqual({ ok: true, event: message.envelope });
    expect(message.envelope).toMatchObject({
      source: 'order',
      data: {
        orderId: reply.orderId,
        cartId,
        total: eur(2899),
        lines: [{ productId: 'p-mug', quantity: 2, unitPrice: eur(1250) }, { productId: 'p-tea', quantity: 1, unitPrice: eur(399) }],
        payment: paymentMethod,
      },
    });
    await eventually(async () => ((await orders.findById(reply.orderId).lean().exec())?.outbox[0].sentAt ? true : undefined), 'the outbox entry marked sent');
  });

  it('answers a repeated Idempotency-Key with the same order, also when the repeats race', async () => {
    const cartId = cartWith([mug, 1]);
    const key = randomUUID();
    const first = await checkout(cartId, key);
    await expect(checkout(cartId, key)).resolves.toEqual(first);

    const racingKey = randomUUID();
    const racingCart = cartWith([mug, 1]);
    const racing = await Promise.all(Array.from({ length: 5 }, () => checkout(racingCart, racingKey)));
    expect(new Set(racing.map((r) => r.orderId)).size).toBe(1);
    expect(await orders.countDocuments({ idempotencyKey: { $in: [key, racingKey] } })).toBe(2);
  });

  it('scopes a key to its cart: two carts sending the same key place two orders', async () => {
    const key = randomUUID();
    const mine = await checkout(cartWith([mug, 1]), key);
    const theirs = await checkout(cartWith([tea, 1]), key);
    expect(theirs.orderId).not.toBe(mine.orderId);
    expect(theirs.status).toBe('PENDING');
  });

  it('rejects an empty cart with 422 CART_EMPTY', async () => {
    await expect(checkout(uniqueName('empty-cart'))).rejects.toMatchObject({ statusCode: 422, code: 'CART_EMPTY', message: expect.stringContaining('is empty') });
  });

  it('rejects a price that changed since it was added with 409 PRICE_CHANGED, naming it and carrying the changed lines', async () => {
    const cartId = cartWith([mug, 1, 1100], [tea, 1]);
    await expect(checkout(cartId)).rejects.toMatchObject({
      statusCode: 409,
      code: 'PRICE_CHANGED',
      message: 'Prices changed since they were added to the cart: Mug from 11.00 EUR to 12.50 EUR. Accept the new prices in the cart and check out again',
      details: { changedLines: [{ productId: 'p-mug', name: 'Mug', oldPrice: eur(1100), newPrice: eur(1250) }] },
    });
  });

  it('rejects a product catalog no longer sells with 409 PRODUCT_UNAVAILABLE', async () => {
    const gone: ProductSnapshot = { ...mug, id: 'p-gone', name: 'Gone' };
    await expect(checkout(cartWith([gone, 1]))).rejects.toMatchObject({ statusCode: 409, code: 'PRODUCT_UNAVAILABLE' });
  });

  // Before one deadline crossed the hops, order waited its own 3 s for catalog and wrote the order
  // long after the caller had answered 504.
  it.each([
    ['answers after the caller’s deadline', 1500],
    ['answers with too little of the deadline left to write', 760],
  ])('when catalog %s, the caller gets 504 within its budget, nothing is written, and a retry with the key places the order', async (_, delayMs) => {
    const cartId = cartWith([mug, 1]);
    const key = randomUUID();
    const budgetMs = 800;
    catalogDelayMs = delayMs;
    try {
      const started = Date.now();
      await expect(callService(client, 'order', OrderPatterns.checkout, { cartId, idempotencyKey: key, customer, paymentMethod }, budgetMs)).rejects.toMatchObject({
        statusCode: 504,
      });
      expect(Date.now() - started).toBeLessThan(budgetMs + 300);
      await eventually(() => (finishedCheckouts.has(key) ? true : undefined), 'the first checkout handler to finish');
      expect(await orders.countDocuments({ _id: orderIdFor(cartId, key) })).toBe(0);
    } finally {
      catalogDelayMs = 0;
    }
    await expect(checkout(cartId, key)).resolves.toEqual({ orderId: orderIdFor(cartId, key), status: 'PENDING' });
    expect(await orders.countDocuments({ idempotencyKey: key })).toBe(1);
  });

  it('rejects a malformed request with 400 naming the field', async () => {
    await expect(call(OrderPatterns.checkout, { cartId: 'c1', customer, paymentMethod })).rejects.toMatchObject({ statusCode: 400, message: expect.stringContaining('idempotencyKey') });
    await expect(call(OrderPatterns.checkout, { cartId: 'c1', idempotencyKey: randomUUID(), customer })).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringContaining('paymentMethod'),
    });
  });

  it('stays PENDING on StockReserved, moves to CONFIRMED on PaymentAuthorized and publishes OrderConfirmed; a duplicate PaymentAuthorized is a no-op', async () => {
    const cartId = cartWith([mug, 1]);
    const { orderId } = await checkout(cartId);
    // StockReserved is payments' cue to authorize: order does nothing with it.
    await publisher.publish(StockReserved, [createEvent(StockReserved, { orderId, lines: [{ productId: 'p-mug', quantity: 1 }] }, { source: 'catalog' })]);
    const payment = authorized(orderId);
    await publisher.publish(PaymentAuthorized, [payment]);

    const order = await statusOf(orderId, 'CONFIRMED');
    expect(order).toMatchObject({ status: 'CONFIRMED', cancelReason: null, total: eur(1250), payment: { brand: 'visa', last4: '4242' } });
    const [confirmed] = await eventually(() => (eventsOf(orderId, 'OrderConfirmed.v1').length ? eventsOf(orderId, 'OrderConfirmed.v1') : undefined), 'OrderConfirmed');
    expect(confirmed).toMatchObject({ key: orderId, envelope: { data: { orderId, cartId, lines: [{ productId: 'p-mug', quantity: 1 }], total: eur(1250) } } });

    // The same event again (a redelivery), and a second authorization with a new id (a payments retry).
    const again = createEvent(PaymentAuthorized, payment.data, { source: 'payments' });
    await publisher.publish(PaymentAuthorized, [payment, again]);
    const marker = cartWith([tea, 1]);
    const { orderId: markerId } = await checkout(marker);
    await publisher.publish(PaymentAuthorized, [authorized(markerId, eur(399))]);
    await statusOf(markerId, 'CONFIRMED');

    // payments.v1 is consumed in order per partition, but the two orders may sit on different partitions: wait for the
    // duplicates' offsets to be handled too, by letting the outbox settle and checking the order's own outbox.
    await eventually(async () => ((await orders.findById(orderId).lean().exec())?.outboxPending === false ? true : undefined), 'the outbox to settle');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const stored = await orders.findById(orderId).lean().exec();
    expect(stored?.outbox.map((entry) => entry.type)).toEqual(['OrderPlaced.v1', 'OrderConfirmed.v1']);
    expect(eventsOf(orderId, 'OrderConfirmed.v1')).toHaveLength(1);
    // Applied once by the conditional transition alone: no processed-event record was kept for it.
    expect(await orders.db.collection('processed_events').countDocuments({ eventId: { $in: [payment.id, again.id] } })).toBe(0);
  });

  it('moves to CANCELLED with the decline as the reason on PaymentDeclined and publishes OrderCancelled', async () => {
    const cartId = cartWith([mug, 1]);
    const { orderId } = await checkout(cartId);
    const message = 'Payment declined: insufficient funds (visa ending 9995)';
    await publisher.publish(PaymentDeclined, [createEvent(PaymentDeclined, { orderId, reason: 'INSUFFICIENT_FUNDS', message }, { source: 'payments' })]);

    await expect(statusOf(orderId, 'CANCELLED')).resolves.toMatchObject({ cancelReason: message });
    const [cancelled] = await eventually(() => (eventsOf(orderId, 'OrderCancelled.v1').length ? eventsOf(orderId, 'OrderCancelled.v1') : undefined), 'OrderCancelled');
    expect(cancelled.envelope.data).toEqual({ orderId, cartId, reason: message });
  });

  it('moves to CANCELLED with the reason on StockRejected and publishes OrderCancelled', async () => {
    const cartId = cartWith([tea, 3]);
    const { orderId } = await checkout(cartId);
    await publisher.publish(StockRejected, [
      createEvent(StockRejected, { orderId, reason: 'Not enough Tea in stock', unavailable: [{ productId: 'p-tea', requested: 3, available: 1 }] }, { source: 'catalog' }),
    ]);

    await expect(statusOf(orderId, 'CANCELLED')).resolves.toMatchObject({ cancelReason: 'Not enough Tea in stock' });
    const [cancelled] = await eventually(() => (eventsOf(orderId, 'OrderCancelled.v1').length ? eventsOf(orderId, 'OrderCancelled.v1') : undefined), 'OrderCancelled');
    expect(cancelled.envelope.data).toEqual({ orderId, cartId, reason: 'Not enough Tea in stock' });
  });

  const afterDeadline = (orderId: string) =>
    orders.findById(orderId).lean().exec().then((order) => new Date((order?.createdAt ?? new Date()).getTime() + PENDING_TIMEOUT_MS));

  it('cancels an order still PENDING at its deadline with reason TIMED_OUT and publishes OrderCancelled', async () => {
    const cartId = cartWith([mug, 1]);
    const { orderId } = await checkout(cartId);
    const deadline = await afterDeadline(orderId);

    expect(await sweeper.sweep(new Date(deadline.getTime() - 1000))).not.toContain(orderId);
    expect(await sweeper.sweep(deadline)).toContain(orderId);
    await expect(call<OrderView>(OrderPatterns.get, { orderId })).resolves.toMatchObject({ status: 'CANCELLED', cancelReason: 'TIMED_OUT' });
    const stored = await orders.findById(orderId).lean().exec();
    expect(stored?.outbox.map((entry) => [entry.type, entry.envelope.data])).toEqual([
      ['OrderPlaced.v1', expect.anything()],
      ['OrderCancelled.v1', { orderId, cartId, reason: 'TIMED_OUT' }],
    ]);
    await eventually(() => eventsOf(orderId, 'OrderCancelled.v1')[0], 'OrderCancelled on orders.v1');
    // Swept again (another instance, a restart): nothing more happens.
    expect(await sweeper.sweep(deadline)).not.toContain(orderId);
  });

  it('a late PaymentAuthorized for a TIMED_OUT order is acknowledged, not parked, and changes nothing', async () => {
    const { orderId } = await checkout(cartWith([tea, 1]));
    await sweeper.sweep(await afterDeadline(orderId));
    const late = authorized(orderId, eur(399));
    await expect(handlerOf(PaymentAuthorized.type).handle(late, { topic: 'payments.v1', partition: 0, offset: '0', headers: {} })).resolves.toBeUndefined();
    const stored = await orders.findById(orderId).lean().exec();
    expect(stored).toMatchObject({ status: 'CANCELLED', cancelReason: 'TIMED_OUT' });
    expect(stored?.outbox.map((entry) => entry.type)).toEqual(['OrderPlaced.v1', 'OrderCancelled.v1']);
  });

  it('the deadline racing PaymentAuthorized: each order ends in exactly one final state with exactly one final event', async () => {
    const placed = await Promise.all(Array.from({ length: 8 }, () => checkout(cartWith([mug, 1]))));
    const deadlines = await Promise.all(placed.map(({ orderId }) => afterDeadline(orderId)));
    const latest = new Date(Math.max(...deadlines.map((d) => d.getTime())));
    const onAuthorized = handlerOf(PaymentAuthorized.type);
    const context = { topic: 'payments.v1', partition: 0, offset: '0', headers: {} };
    await Promise.all([
      sweeper.sweep(latest),
      ...placed.map(({ orderId }) =>
        onAuthorized.handle(authorized(orderId), context).catch((error: Error) =>
          // `raced`: the consumer would retry, and the retry finds the order final.
          expect(error.message).toMatch(/changed while it was being updated/),
        ),
      ),
    ]);
    for (const { orderId } of placed) {
      const stored = await orders.findById(orderId).lean().exec();
      const finals = stored?.outbox.filter((entry) => entry.type !== 'OrderPlaced.v1').map((entry) => entry.type) ?? [];
      expect(finals).toEqual([stored?.status === 'CONFIRMED' ? 'OrderConfirmed.v1' : 'OrderCancelled.v1']);
    }
  });

  it('a second checkout of a cart whose order is PENDING answers 409 ORDER_IN_PROGRESS naming it, and places nothing', async () => {
    const cartId = cartWith([mug, 2]);
    const firstKey = randomUUID();
    const first = await checkout(cartId, firstKey);
    const key = randomUUID();
    await expect(checkout(cartId, key)).rejects.toMatchObject({ statusCode: 409, code: 'ORDER_IN_PROGRESS', message: expect.stringContaining(first.orderId) });
    // The first checkout's own retry still answers with its order.
    await expect(checkout(cartId, firstKey)).resolves.toEqual(first);
    const { items } = await call<OrderList>(OrderPatterns.listByCart, { cartId });
    expect(items.map((o) => o.id)).toEqual([first.orderId]);

    // Once the order is CANCELLED the cart can be checked out again (before the cart has seen OrderCancelled, too).
    await publisher.publish(StockRejected, [
      createEvent(StockRejected, { orderId: first.orderId, reason: 'Not enough Mug in stock', unavailable: [{ productId: 'p-mug', requested: 2, available: 1 }] }, { source: 'catalog' }),
    ]);
    await statusOf(first.orderId, 'CANCELLED');
    const second = await checkout(cartId, key);
    expect(second.orderId).not.toBe(first.orderId);
    expect(checkoutLocks.get(cartId)?.orderId).toBe(second.orderId);
  });

  it('two checkouts of one cart with different keys at once: one order, the other 409 ORDER_IN_PROGRESS', async () => {
    const cartId = cartWith([tea, 1]);
    const results = await Promise.allSettled([checkout(cartId), checkout(cartId), checkout(cartId)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const rejected of results.filter((r) => r.status === 'rejected')) expect(rejected.reason).toMatchObject({ statusCode: 409, code: 'ORDER_IN_PROGRESS' });
    expect((await call<OrderList>(OrderPatterns.listByCart, { cartId })).items).toHaveLength(1);
  });

  it("answers an order by id, 404 for an unknown one, and lists a cart's orders", async () => {
    const cartId = cartWith([mug, 1]);
    const { orderId } = await checkout(cartId);
    await expect(call<OrderView>(OrderPatterns.get, { orderId })).resolves.toMatchObject({
      id: orderId,
      cartId,
      customer,
      lines: [{ productId: 'p-mug', name: 'Mug', quantity: 1, unitPrice: eur(1250), lineTotal: eur(1250) }],
    });
    // Brand and last four digits only: the provider's reference stays inside order.
    expect((await call<OrderView>(OrderPatterns.get, { orderId })).payment).toEqual({ brand: 'visa', last4: '4242' });
    await expect(call(OrderPatterns.get, { orderId: 'nope' })).rejects.toMatchObject({ statusCode: 404, code: 'ORDER_NOT_FOUND' });
    await expect(call<OrderList>(OrderPatterns.listByCart, { cartId })).resolves.toMatchObject({ items: [{ id: orderId }] });
  });
});
