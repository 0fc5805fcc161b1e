import { randomUUID } from 'node:crypto';
import { Controller, INestMicroservice } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { ClientProxy, ClientProxyFactory, ClientsModule, MessagePattern, Transport } from '@nestjs/microservices';
import { getModelToken } from '@nestjs/mongoose';
import { Test } from '@nestjs/testing';
import { Model } from 'mongoose';
import {
  CART_SERVICE,
  CartPatterns,
  CartView,
  CATALOG_SERVICE,
  CatalogPatterns,
  CheckoutReply,
  createEvent,
  EventEnvelope,
  GetProductSnapshotsRequest,
  OrderList,
  OrderPatterns,
  OrderPlaced,
  ORDERS_TOPIC,
  OrderView,
  parseEvent,
  ProductSnapshot,
  STOCK_TOPIC,
  StockRejected,
  StockReserved,
} from '@bazaar/contracts';
import { Order } from '@bazaar/order/data-access';
import { EventConsumer, EventPublisher, KafkaConnection, KafkaModule } from '@bazaar/shared/messaging';
import { MongoConnectionModule } from '@bazaar/shared/mongo';
import { callService, RpcErrorFilter } from '@bazaar/shared/rpc';
import { eventually, requireServer, uniqueName } from '@bazaar/shared/testing';
import { OrderFeatureModule } from '../src';

// Cart and catalog are small stubs of their contracts (CartPatterns.get, getProductSnapshots),
// served over the real TCP transport; the real services have their own suites.
const carts = new Map<string, CartView>();
const products = new Map<string, ProductSnapshot>();

@Controller()
class CartAndCatalogStub {
  @MessagePattern(CartPatterns.get)
  cart({ cartId }: { cartId: string }): CartView {
    return carts.get(cartId) ?? { cartId, lines: [], itemCount: 0, subtotal: { amount: 0, currency: 'EUR' } };
  }

  @MessagePattern(CatalogPatterns.getProductSnapshots)
  snapshots({ ids }: GetProductSnapshotsRequest) {
    return { items: ids.flatMap((id) => products.get(id) ?? []) };
  }
}

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const mug: ProductSnapshot = { id: 'p-mug', slug: 'mug', name: 'Mug', image: null, price: eur(1250), stock: 10 };
const tea: ProductSnapshot = { id: 'p-tea', slug: 'tea', name: 'Tea', image: null, price: eur(399), stock: 10 };
for (const product of [mug, tea]) products.set(product.id, product);
const customer = { name: 'Ada', email: 'ada@example.com', address: { line1: '1 Main St', city: 'Paris', postalCode: '75001', country: 'FR' } };

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

describe('checkout and the order side of the saga (real Kafka, MongoDB wire protocol and TCP)', () => {
  const stubPort = 23000 + (process.pid % 15000);
  const orderPort = stubPort + 1;
  let stub: INestMicroservice;
  let orderService: INestMicroservice;
  let client: ClientProxy;
  let publisher: EventPublisher;
  let orders: Model<Order>;
  const published: { key: string | null; envelope: EventEnvelope }[] = [];

  beforeAll(async () => {
    const env = { MONGO_URL: await requireServer('mongodb'), MONGO_DB: uniqueName('it-order-saga') };
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
        // A topic prefix of its own: this suite's orders.v1 and stock.v1 are not shared with any other run.
        KafkaModule.forRootAsync({ useFactory: () => ({ clientId: 'order-saga-test', brokers, topicPrefix: `${uniqueName('it')}.` }) }),
        ClientsModule.register({ isGlobal: true, clients: [tcpClient(CART_SERVICE), tcpClient(CATALOG_SERVICE)] }),
        OrderFeatureModule.forRoot({ consumerGroup: uniqueName('it-order'), relay: { sweepIntervalMs: 200 } }),
      ],
    }).compile();
    orderService = moduleRef.createNestMicroservice({ transport: Transport.TCP, options: { host: '127.0.0.1', port: orderPort }, logger: ['error', 'warn'] });
    orderService.useGlobalFilters(new RpcErrorFilter());
    orders = orderService.get<Model<Order>>(getModelToken(Order.name));
    await orders.syncIndexes();

    const connection = orderService.get(KafkaConnection);
    await connection.ensureTopics([ORDERS_TOPIC, STOCK_TOPIC]);
    await orderService.get(EventConsumer).subscribe({
      groupId: uniqueName('it-orders-reader'),
      topics: [connection.topicName(ORDERS_TOPIC.topic)],
      fromBeginning: true,
      handle: async ({ key, value }) => void published.push({ key, envelope: JSON.parse(String(value)) }),
    });
    publisher = orderService.get(EventPublisher);
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
  const checkout = (cartId: string, idempotencyKey = randomUUID()) => call<CheckoutReply>(OrderPatterns.checkout, { cartId, idempotencyKey, customer });
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
      data: { orderId: reply.orderId, cartId, total: eur(2899), lines: [{ productId: 'p-mug', quantity: 2, unitPrice: eur(1250) }, { productId: 'p-tea', quantity: 1, unitPrice: eur(399) }] },
    });
    await eventually(async () => ((await orders.findById(reply.orderId).lean().exec())?.outbox[0].sentAt ? true : undefined), 'the outbox entry marked sent');
  });

  it('answers a repeated Idempotency-Key with the same order, also when the repeats race', async () => {
    const cartId = cartWith([mug, 1]);
    const key = randomUUID();
    const first = await checkout(cartId, key);
    await expect(checkout(cartId, key)).resolves.toEqual(first);

    const racingKey = randomUUID();
    const racing = await Promise.all(Array.from({ length: 5 }, () => checkout(cartId, racingKey)));
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

  it('rejects a price that changed since it was added with 409 PRICE_CHANGED, naming it', async () => {
    const cartId = cartWith([mug, 1, 1100], [tea, 1]);
    await expect(checkout(cartId)).rejects.toMatchObject({
      statusCode: 409,
      code: 'PRICE_CHANGED',
      message: 'Prices changed since they were added to the cart: Mug from 11.00 EUR to 12.50 EUR. Review the cart and check out again',
    });
  });

  it('rejects a product catalog no longer sells with 409 PRODUCT_UNAVAILABLE', async () => {
    const gone: ProductSnapshot = { ...mug, id: 'p-gone', name: 'Gone' };
    await expect(checkout(cartWith([gone, 1]))).rejects.toMatchObject({ statusCode: 409, code: 'PRODUCT_UNAVAILABLE' });
  });

  it('rejects a malformed request with 400 naming the field', async () => {
    await expect(call(OrderPatterns.checkout, { cartId: 'c1', customer })).rejects.toMatchObject({ statusCode: 400, message: expect.stringContaining('idempotencyKey') });
  });

  it('moves to CONFIRMED on StockReserved and publishes OrderConfirmed; a duplicate StockReserved is a no-op', async () => {
    const cartId = cartWith([mug, 1]);
    const { orderId } = await checkout(cartId);
    const reserved = createEvent(StockReserved, { orderId, lines: [{ productId: 'p-mug', quantity: 1 }] }, { source: 'catalog' });
    await publisher.publish(StockReserved, [reserved]);

    const order = await statusOf(orderId, 'CONFIRMED');
    expect(order).toMatchObject({ status: 'CONFIRMED', cancelReason: null, total: eur(1250) });
    const [confirmed] = await eventually(() => (eventsOf(orderId, 'OrderConfirmed.v1').length ? eventsOf(orderId, 'OrderConfirmed.v1') : undefined), 'OrderConfirmed');
    expect(confirmed).toMatchObject({ key: orderId, envelope: { data: { orderId, cartId, total: eur(1250) } } });

    // The same event again (a redelivery), and a second reservation with a new id (a catalog retry).
    const again = createEvent(StockReserved, reserved.data, { source: 'catalog' });
    await publisher.publish(StockReserved, [reserved, again]);
    const marker = cartWith([tea, 1]);
    const { orderId: markerId } = await checkout(marker);
    await publisher.publish(StockReserved, [createEvent(StockReserved, { orderId: markerId, lines: [{ productId: 'p-tea', quantity: 1 }] }, { source: 'catalog' })]);
    await statusOf(markerId, 'CONFIRMED');

    // stock.v1 is consumed in order per partition, but the two orders may sit on different partitions: wait for the
    // duplicates' offsets to be handled too, by letting the outbox settle and checking the order's own outbox.
    await eventually(async () => ((await orders.findById(orderId).lean().exec())?.outboxPending === false ? true : undefined), 'the outbox to settle');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const stored = await orders.findById(orderId).lean().exec();
    expect(stored?.outbox.map((entry) => entry.type)).toEqual(['OrderPlaced.v1', 'OrderConfirmed.v1']);
    expect(eventsOf(orderId, 'OrderConfirmed.v1')).toHaveLength(1);
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

  it("answers an order by id, 404 for an unknown one, and lists a cart's orders", async () => {
    const cartId = cartWith([mug, 1]);
    const { orderId } = await checkout(cartId);
    await expect(call<OrderView>(OrderPatterns.get, { orderId })).resolves.toMatchObject({
      id: orderId,
      cartId,
      customer,
      lines: [{ productId: 'p-mug', name: 'Mug', quantity: 1, unitPrice: eur(1250), lineTotal: eur(1250) }],
    });
    await expect(call(OrderPatterns.get, { orderId: 'nope' })).rejects.toMatchObject({ statusCode: 404, code: 'ORDER_NOT_FOUND' });
    await expect(call<OrderList>(OrderPatterns.listByCart, { cartId })).resolves.toMatchObject({ items: [{ id: orderId }] });
  });
});
