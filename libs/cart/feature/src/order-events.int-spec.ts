import { randomUUID } from 'node:crypto';
import { ConfigModule } from '@nestjs/config';
import { Test, TestingModule } from '@nestjs/testing';
import Redis from 'ioredis';
import { createEvent, EventData, EventOf, OrderPlaced } from '@bazaar/contracts';
import { cartKey, CartsRepository, createRedisClient, processedEventKey } from '@bazaar/cart/data-access';
import { EventPublisher, KafkaModule } from '@bazaar/shared/messaging';
import { requireServer, uniqueName } from '@bazaar/shared/testing';
import { CartOrderEventsModule } from './cart-order-events.module';

const eur = (amount: number) => ({ amount, currency: 'EUR' });

async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('cart consumes OrderPlaced (real Kafka and Redis)', () => {
  const groupId = uniqueName('it-cart');
  let app: TestingModule;
  let redis: Redis;
  let carts: CartsRepository;
  let publisher: EventPublisher;

  const addLine = (cartId: string, productId: string, quantity: number) =>
    carts.changeLine(cartId, { productId, mode: 'add', quantity, stock: 1000, price: eur(1000) });
  const quantities = async (cartId: string) => Object.fromEntries((await carts.lines(cartId)).map((line) => [line.productId, line.quantity]));
  const orderPlaced = (data: Partial<EventData<typeof OrderPlaced>> & { cartId: string }) =>
    createEvent(OrderPlaced, { orderId: randomUUID(), lines: [{ productId: 'mug', quantity: 1, unitPrice: eur(1000) }], total: eur(1000), ...data }, { source: 'order' });
  const publish = (...events: EventOf<typeof OrderPlaced>[]) => publisher.publish(OrderPlaced, events);
  const processed = (event: EventOf<typeof OrderPlaced>) =>
    eventually(async () => ((await redis.exists(processedEventKey(groupId, event.id))) === 1 ? true : undefined), `${event.id} to be processed`);

  beforeAll(async () => {
    const redisUrl = await requireServer('redis');
    const brokers = (await requireServer('kafka')).split(',');
    redis = createRedisClient(redisUrl);
    app = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [() => ({ REDIS_URL: redisUrl, CART_TTL_SECONDS: 600, PRODUCT_CACHE_TTL_MS: 1000 })] }),
        // A topic prefix of its own: this suite's orders.v1 is not shared with any other run.
        KafkaModule.forRootAsync({ useFactory: () => ({ clientId: 'cart-order-events-test', brokers, topicPrefix: `${uniqueName('it')}.` }) }),
        CartOrderEventsModule.forRoot({ consumerGroup: groupId }),
      ],
    }).compile();
    app.useLogger(['error', 'warn']);
    await app.init(); // onApplicationBootstrap starts the consumer in the background
    carts = app.get(CartsRepository);
    publisher = app.get(EventPublisher);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await redis?.quit();
  });

  it('takes the ordered lines out of the cart and leaves the others', async () => {
    const cartId = randomUUID();
    await addLine(cartId, 'mug', 3);
    await addLine(cartId, 'tea', 1);
    await addLine(cartId, 'cake', 2);
    const event = orderPlaced({
      cartId,
      lines: [
        { productId: 'mug', quantity: 3, unitPrice: eur(1000) },
        { productId: 'tea', quantity: 1, unitPrice: eur(1000) },
      ],
      total: eur(4000),
    });
    await publish(event);
    await processed(event);
    expect(await quantities(cartId)).toEqual({ cake: 2 });
  }, 60_000);

  it('a redelivered OrderPlaced leaves what the shopper added after the checkout, the same product included', async () => {
    const cartId = randomUUID();
    await addLine(cartId, 'mug', 2);
    const event = orderPlaced({ cartId, lines: [{ productId: 'mug', quantity: 2, unitPrice: eur(1000) }], total: eur(2000) });
    await publish(event);
    await processed(event);
    expect(await redis.exists(cartKey(cartId))).toBe(0);

    await addLine(cartId, 'mug', 1);
    await addLine(cartId, 'tea', 1);
    // The same event again (same id), as an outbox re-publish would send it, then a marker event
    // with the same key: one partition is consumed in order, so once the marker is processed the
    // redelivery has been too.
    const marker = orderPlaced({ cartId: randomUUID(), orderId: event.data.orderId });
    await publish(event, marker);
    await processed(marker);
    expect(await quantities(cartId)).toEqual({ mug: 1, tea: 1 });
  }, 60_000);

  it('an OrderPlaced for an unknown cart is harmless', async () => {
    const cartId = randomUUID();
    const event = orderPlaced({ cartId });
    await publish(event);
    await processed(event);
    expect(await redis.exists(cartKey(cartId))).toBe(0);

    // and the consumer carries on with the next event
    const other = randomUUID();
    await addLine(other, 'mug', 1);
    const next = orderPlaced({ cartId: other });
    await publish(next);
    await processed(next);
    expect(await redis.exists(cartKey(other))).toBe(0);
  }, 60_000);
});
