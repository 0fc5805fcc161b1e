import { ConfigModule } from '@nestjs/config';
import { getModelToken } from '@nestjs/mongoose';
import { Test, TestingModule } from '@nestjs/testing';
import { Model } from 'mongoose';
import { createEvent, EventEnvelope, OrderPlaced, PRODUCTS_TOPIC } from '@bazaar/contracts';
import { CatalogChanges, Category, Product, ProductChange, STOCK_ADJUSTMENTS_KEPT } from '@bazaar/catalog/data-access';
import { EventConsumer, KafkaConnection, KafkaModule } from '@bazaar/shared/messaging';
import { MongoConnectionModule } from '@bazaar/shared/mongo';
import { ServiceError } from '@bazaar/shared/rpc';
import { eventually, requireServer, uniqueName } from '@bazaar/shared/testing';
import { CatalogAdminModule, CatalogAdminService, CatalogStockModule, StockReservationService } from '../src';

const eur = (amount: number) => ({ amount, currency: 'EUR' });

describe('catalog administration (real MongoDB wire protocol and Kafka)', () => {
  let moduleRef: TestingModule;
  let products: Model<Product>;
  let admin: CatalogAdminService;
  let saga: StockReservationService;
  const published: { key: string | null; envelope: EventEnvelope }[] = [];
  const changes: ProductChange[] = [];

  const create = (name: string, stock: number) =>
    admin.createProduct({ categoryId: 'kitchen', slug: uniqueName(name.toLowerCase()), name, price: eur(1000), stock, description: '', images: [], attributes: {} });
  const stockOf = async (id: string) => (await products.findById(id).lean<Product>().exec())?.stock;
  const checkout = (productId: string) =>
    saga.reserve(createEvent(OrderPlaced, { orderId: uniqueName('order'), cartId: 'c1', lines: [{ productId, quantity: 1, unitPrice: eur(1000) }], total: eur(1000) }, { source: 'order' }));

  beforeAll(async () => {
    const env = { MONGO_URL: await requireServer('mongodb'), MONGO_DB: uniqueName('it-catalog-admin') };
    const brokers = (await requireServer('kafka')).split(',');
    moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [() => env] }),
        MongoConnectionModule,
        KafkaModule.forRootAsync({ useFactory: () => ({ clientId: 'catalog-admin-test', brokers, topicPrefix: `${uniqueName('it')}.` }) }),
        CatalogStockModule.forRoot({ consumerGroup: uniqueName('it-catalog') }),
        CatalogAdminModule.forRoot({ relay: { sweepIntervalMs: 500 } }),
      ],
    }).compile();
    moduleRef.useLogger(['error', 'warn']);
    products = moduleRef.get(getModelToken(Product.name));
    await moduleRef.get<Model<Category>>(getModelToken(Category.name)).create({ _id: 'kitchen', name: 'Kitchen', description: '' });
    admin = moduleRef.get(CatalogAdminService);
    saga = moduleRef.get(StockReservationService);
    moduleRef.get(CatalogChanges).onProductChange((change) => void changes.push(change));
    const connection = moduleRef.get(KafkaConnection);
    await connection.ensureTopics([PRODUCTS_TOPIC]);
    await moduleRef.get(EventConsumer).subscribe({
      groupId: uniqueName('it-products-reader'),
      topics: [connection.topicName(PRODUCTS_TOPIC.topic)],
      fromBeginning: true,
      handle: async ({ key, value }) => void published.push({ key, envelope: JSON.parse(String(value)) }),
    });
    await moduleRef.init();
  }, 60_000);

  afterAll(async () => {
    await products?.db.dropDatabase();
    await moduleRef?.close();
  });

  it('of two concurrent edits made on one revision, exactly one is written and the other gets 412 with the winner as it is now', async () => {
    for (let round = 0; round < 5; round++) {
      const { id } = await create('Kettle', 5);
      const names = ['Kettle by Ada', 'Kettle by Grace'];
      const results = await Promise.allSettled(names.map((name) => admin.updateProduct({ id, expectedRevision: 1, changes: { name } })));
      const won = results.filter((result) => result.status === 'fulfilled').map((result) => result.value);
      const lost = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected').map((result) => result.reason as ServiceError);
      expect({ round, won: won.length, lost: lost.length }).toEqual({ round, won: 1, lost: 1 });
      expect(won[0].revision).toBe(2);
      expect(lost[0]).toMatchObject({ statusCode: 412, code: 'PRODUCT_VERSION_CONFLICT', details: { currentRevision: 2, current: { name: won[0].name, revision: 2 } } });
      expect((await admin.getProduct(id)).name).toBe(won[0].name);
    }
  });

  it('answers 412 to an edit on an older revision, and writes no revision for an edit that changes nothing', async () => {
    const { id } = await create('Teapot', 1);
    await admin.updateProduct({ id, expectedRevision: 1, changes: { description: 'Holds 1 l' } });
    await expect(admin.updateProduct({ id, expectedRevision: 1, changes: { description: 'Holds 2 l' } })).rejects.toMatchObject({ statusCode: 412, details: { currentRevision: 2 } });
    await expect(admin.updateProduct({ id, expectedRevision: 2, changes: { description: 'Holds 1 l' } })).resolves.toMatchObject({ revision: 2 });
  });

  it('100 concurrent ±1 adjustments mixed with 20 checkouts of the same product end at the exact stock, none lost', async () => {
    const { id } = await create('Mug', 80);
    const adjustments = Array.from({ length: 100 }, (_, i) => () => admin.adjustStock({ id, delta: i % 2 === 0 ? 1 : -1 }));
    const checkouts = Array.from({ length: 20 }, () => () => checkout(id));
    // Interleaved: every fifth call is a checkout.
    const calls = adjustments.flatMap((adjust, i) => (i % 5 === 0 ? [adjust, checkouts[i / 5]] : [adjust]));
    const results = await Promise.allSettled(calls.map((call) => call()));

    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    expect(results.filter((result) => result.status === 'fulfilled' && result.value === 'RESERVED')).toHaveLength(20);
    // 80 + 50 - 50 - 20: the lowest any interleaving can reach is 80 - 50 - 20 = 10, so no adjustment may be refused.
    expect(await stockOf(id)).toBe(60);
    expect((await admin.getProduct(id)).revision).toBe(1);
  });

  it('never takes stock below zero: of concurrent takes beyond the shelf, the excess is refused 409 INSUFFICIENT_STOCK with what is there', async () => {
    const { id } = await create('Whisk', 3);
    const results = await Promise.allSettled([...Array.from({ length: 4 }, () => admin.adjustStock({ id, delta: -1 })), checkout(id)]);
    const refused = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected').map((result) => result.reason as ServiceError);
    const reserved = results.filter((result) => result.status === 'fulfilled' && result.value === 'RESERVED').length;
    const taken = results.filter((result) => result.status === 'fulfilled' && typeof result.value === 'object').length;
    expect(taken + reserved).toBe(3);
    refused.forEach((error) => expect(error).toMatchObject({ statusCode: 409, code: 'INSUFFICIENT_STOCK', details: { productId: id, delta: -1, available: 0 } }));
    expect(await stockOf(id)).toBe(0);
    await expect(admin.adjustStock({ id, delta: -1 })).rejects.toMatchObject({ message: expect.stringContaining('only 0 in stock') });
  });

  it('applies an adjustment retried with its Idempotency-Key once, also when the retries arrive together, and refuses the key for another delta', async () => {
    const { id } = await create('Ladle', 10);
    const retries = await Promise.all(Array.from({ length: 5 }, () => admin.adjustStock({ id, delta: -3, idempotencyKey: 'shrinkage-ladle-1' })));
    expect(retries).toEqual(Array(5).fill({ productId: id, stock: 7 }));
    await expect(admin.adjustStock({ id, delta: -3, idempotencyKey: 'shrinkage-ladle-1' })).resolves.toEqual({ productId: id, stock: 7 });
    await expect(admin.adjustStock({ id, delta: 3, idempotencyKey: 'shrinkage-ladle-1' })).rejects.toMatchObject({ statusCode: 409, code: 'IDEMPOTENCY_KEY_REUSED' });
    // Unkeyed adjustments stay plain deltas: each one applies.
    await admin.adjustStock({ id, delta: 1 });
    await admin.adjustStock({ id, delta: 1 });
    expect(await stockOf(id)).toBe(9);
  });

  it('a product remembers its last STOCK_ADJUSTMENTS_KEPT keys, oldest out first', async () => {
    const { id } = await create('Sieve', 0);
    for (let i = 0; i <= STOCK_ADJUSTMENTS_KEPT; i++) await admin.adjustStock({ id, delta: 1, idempotencyKey: `restock-${i}` });
    const kept = (await products.findById(id).lean<Product>().exec())?.stockAdjustments?.map(({ key }) => key);
    expect(kept).toHaveLength(STOCK_ADJUSTMENTS_KEPT);
    expect(kept?.[0]).toBe('restock-1');
    expect(await stockOf(id)).toBe(STOCK_ADJUSTMENTS_KEPT + 1);
  });

  it('a price change is written with its ProductPriceChanged, which is published keyed by product id, then leaves the outbox', async () => {
    const { id } = await create('Skillet', 2);
    changes.splice(0);
    await admin.updateProduct({ id, expectedRevision: 1, changes: { price: eur(1290), name: 'Cast Skillet' } });

    const event = await eventually(() => published.find(({ envelope }) => envelope.data.productId === id), `ProductPriceChanged of ${id}`, 15_000);
    expect(event.key).toBe(id);
    expect(event.envelope).toMatchObject({ type: 'ProductPriceChanged.v1', source: 'catalog', data: { productId: id, categoryId: 'kitchen', revision: 2, oldPrice: eur(1000), newPrice: eur(1290) } });
    await eventually(async () => ((await products.findById(id).lean<Product>().exec())?.outboxPending === false ? true : undefined), 'the outbox emptied');
    expect((await products.findById(id).lean<Product>().exec())?.outbox).toEqual([]);
    expect(changes).toEqual([{ kind: 'edited', productId: id, categoryId: 'kitchen', slug: expect.any(String), revision: 2, priceChanged: true }]);
    // An edit that leaves the price alone announces nothing to carts.
    await admin.updateProduct({ id, expectedRevision: 2, changes: { name: 'Cast Iron Skillet' } });
    expect(published.filter(({ envelope }) => envelope.data.productId === id)).toHaveLength(1);
  });

  it('stores what the admin API takes, empty attribute names and values included', async () => {
    const attributes = { '': 'no name', colour: '', 'a.b': '$x' };
    const created = await admin.createProduct({ categoryId: 'kitchen', slug: uniqueName('odd'), name: 'Odd', price: eur(1), attributes });
    expect((await admin.getProduct(created.id)).attributes).toEqual(attributes);
  });

  it('refuses a slug another product has, and a category that does not exist', async () => {
    const first = await create('Ladle', 1);
    const second = await create('Spoon', 1);
    await expect(admin.updateProduct({ id: second.id, expectedRevision: 1, changes: { slug: first.slug } })).rejects.toMatchObject({ statusCode: 409, code: 'SLUG_TAKEN' });
    await expect(admin.createProduct({ categoryId: 'nowhere', slug: uniqueName('x'), name: 'X', price: eur(1) })).rejects.toMatchObject({ statusCode: 404, code: 'CATEGORY_NOT_FOUND' });
  });
});
