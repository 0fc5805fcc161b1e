import { randomUUID } from 'node:crypto';
import { ConfigModule } from '@nestjs/config';
import { Test, TestingModule } from '@nestjs/testing';
import Redis from 'ioredis';
import { createEvent, EventContract, EventOf, OrderCancelled, OrderConfirmed, OrderPlaced } from '@bazaar/contracts';
import { cartKey, CartsRepository, checkoutLockKey, createRedisClient, processedEventKey } from '@bazaar/cart/data-access';
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

describe('cart settles after an order: lines leave on OrderConfirmed, stay on OrderCancelled (real Kafka and Redis)', () => {
  const groupId = uniqueName('it-cart');
  let app: TestingModule;
  let redis: Redis;
  let carts: CartsRepository;
  let publisher: EventPublisher;

  const addLine = (cartId: string, productId: string, quantity: number) =>
    carts.changeLine(cartId, { productId, mode: 'add', quantity, stock: 1000, price: eur(1000) });
  const quantities = async (cartId: string) => Object.fromEntries((await carts.lines(cartId)).map((line) => [line.productId, line.quantity]));
  const line = (productId: string, quantity: number) => ({ productId, quantity });
  const confirmed = (cartId: string, lines = [line('mug', 1)], orderId: string = randomUUID()) =>
    createEvent(OrderConfirmed, { orderId, cartId, lines, total: eur(1000) }, { source: 'order' });
  const cancelled = (cartId: string, orderId: string = randomUUID()) =>
    createEvent(OrderCancelled, { orderId, cartId, reason: 'Not enough stock for Mug (requested 3, available 1)' }, { source: 'order' });
  const placed = (cartId: string, orderId: string) =>
    createEvent(OrderPlaced, { orderId, cartId, lines: [{ productId: 'mug', quantity: 3, unitPrice: eur(1000) }], total: eur(3000) }, { source: 'order' });
  const publish = <C extends EventContract>(contract: C, ...events: EventOf<C>[]) => publisher.publish(contract, events);
  const processed = (event: { id: string }) =>
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

  it('keeps the lines while the order is PENDING: OrderPlaced takes nothing out of the cart', async () => {
    const cartId = randomUUID();
    const orderId = randomUUID();
    await addLine(cartId, 'mug', 3);
    await carts.lockForCheckout(cartId, orderId);
    // One order's events share a partition and are consumed in order: once the cancellation is
    // processed, so is the OrderPlaced before it.
    const outcome = cancelled(cartId, orderId);
    await publish(OrderPlaced, placed(cartId, orderId));
    await publish(OrderCancelled, outcome);
    await processed(outcome);
    expect(await quantities(cartId)).toEqual({ mug: 3 });
  }, 60_000);

  it('keeps every line of a CANCELLED order and releases the checkout lock', async () => {
    const cartId = randomUUID();
    const orderId = randomUUID();
    await addLine(cartId, 'mug', 3);
    await addLine(cartId, 'tea', 1);
    await carts.lockForCheckout(cartId, orderId);
    const event = cancelled(cartId, orderId);
    await publish(OrderCancelled, event);
    await processed(event);
    expect(await quantities(cartId)).toEqual({ mug: 3, tea: 1 });
    expect(await redis.exists(checkoutLockKey(cartId))).toBe(0);
    await expect(carts.lockForCheckout(cartId, randomUUID())).resolves.toMatchObject({ status: 'LOCKED' });
  }, 60_000);

  it('takes the ordered lines out on OrderConfirmed, keeps what was added while PENDING, and releases the lock', async () => {
    const cartId = randomUUID();
    const orderId = randomUUID();
    await addLine(cartId, 'mug', 3);
    await addLine(cartId, 'tea', 1);
    await carts.lockForCheckout(cartId, orderId);
    // Added while the order was PENDING: one more mug, and cake.
    await addLine(cartId, 'mug', 1);
    await addLine(cartId, 'cake', 2);
    const event = confirmed(cartId, [line('mug', 3), line('tea', 1)], orderId);
    await publish(OrderConfirmed, event);
    await processed(event);
    expect(await quantities(cartId)).toEqual({ mug: 1, cake: 2 });
    expect(await redis.exists(checkoutLockKey(cartId))).toBe(0);
  }, 60_000);

  it('a redelivered OrderConfirmed leaves what the shopper added after it, the same product included', async () => {
    const cartId = randomUUID();
    await addLine(cartId, 'mug', 2);
    const event = confirmed(cartId, [line('mug', 2)]);
    await publish(OrderConfirmed, event);
    await processed(event);
    expect(await redis.exists(cartKey(cartId))).toBe(0);

    await addLine(cartId, 'mug', 1);
    await addLine(cartId, 'tea', 1);
    // The same event again (same id), as an outbox re-publish would send it, then a marker event
    // with the same key: one partition is consumed in order, so once the marker is processed the
    // redelivery has been too.
    const marker = confirmed(randomUUID(), [line('mug', 1)], event.data.orderId);
    await publish(OrderConfirmed, event, marker);
    await processed(marker);
    expect(await quantities(cartId)).toEqual({ mug: 1, tea: 1 });
  }, 60_000);

  it('an outcome for an unknown cart is harmless', async () => {
    const event = confirmed(randomUUID());
    await publish(OrderConfirmed, event);
    await processed(event);

    // and the consumer carries on with the next event
    const other = randomUUID();
    await addLine(other, 'mug', 1);
    const next = confirmed(other);
    await publish(OrderConfirmed, next);
    await processed(next);
    expect(await redis.exists(cartKey(other))).toBe(0);
  }, 60_000);
});
