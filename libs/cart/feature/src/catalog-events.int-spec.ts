import { ConfigModule } from '@nestjs/config';
import { Test, TestingModule } from '@nestjs/testing';
import Redis from 'ioredis';
import { createEvent, ProductPriceChanged } from '@bazaar/contracts';
import { createRedisClient, productSnapshotKey } from '@bazaar/cart/data-access';
import { EventPublisher, KafkaModule } from '@bazaar/shared/messaging';
import { eventually, requireServer, uniqueName } from '@bazaar/shared/testing';
import { CartOrderEventsModule } from './cart-order-events.module';

const eur = (amount: number) => ({ amount, currency: 'EUR' });

describe('cart reacts to ProductPriceChanged (real Kafka and Redis)', () => {
  let app: TestingModule;
  let redis: Redis;

  beforeAll(async () => {
    const redisUrl = await requireServer('redis');
    const brokers = (await requireServer('kafka')).split(',');
    redis = createRedisClient(redisUrl);
    app = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [() => ({ REDIS_URL: redisUrl, CART_TTL_SECONDS: 600, PRODUCT_CACHE_TTL_MS: 1000 })] }),
        KafkaModule.forRootAsync({ useFactory: () => ({ clientId: 'cart-catalog-events-test', brokers, topicPrefix: `${uniqueName('it')}.` }) }),
        CartOrderEventsModule.forRoot({ consumerGroup: uniqueName('it-cart') }),
      ],
    }).compile();
    app.useLogger(['error', 'warn']);
    await app.init();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await redis?.quit();
  });

  it('drops the cached snapshot of the product whose price changed, and only that one', async () => {
    const [changed, untouched] = [uniqueName('p'), uniqueName('p')];
    // Without an expiry: only the event can make the entry go (the cache's own TTL is not what is tested).
    for (const id of [changed, untouched]) await redis.set(productSnapshotKey(id), JSON.stringify({ id, price: eur(1000) }));
    const event = createEvent(ProductPriceChanged, { productId: changed, categoryId: 'kitchen', revision: 2, oldPrice: eur(1000), newPrice: eur(1290) }, { source: 'catalog' });
    await app.get(EventPublisher).publish(ProductPriceChanged, [event]);

    await eventually(async () => ((await redis.exists(productSnapshotKey(changed))) === 0 ? true : undefined), 'the snapshot dropped', 30_000);
    expect(await redis.exists(productSnapshotKey(untouched))).toBe(1);
    await redis.del(productSnapshotKey(untouched));
  }, 60_000);
});
