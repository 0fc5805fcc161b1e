import { ConfigModule } from '@nestjs/config';
import { getConnectionToken, getModelToken, MongooseModule } from '@nestjs/mongoose';
import { Test, TestingModule } from '@nestjs/testing';
import { Connection, Model, Types } from 'mongoose';
import type { CommandStartedEvent } from 'mongodb';
import { createEvent, EventOf, OrderPlaced } from '@bazaar/contracts';
import { CatalogCache, CatalogDataAccessModule, Category, Product, ReservationsRepository, StockRepository } from '@bazaar/catalog/data-access';
import { OutboxRelay } from '@bazaar/shared/messaging';
import { eventually, uniqueName } from '@bazaar/shared/testing';
import { CatalogAdminService, CatalogService, PRODUCT_OUTBOX_RELAY, StockReservationService } from '../src';

/**
 * Catalog's read path and stock reservation against real servers, with the driver's command
 * monitoring on, so a test counts the queries that really reached the database.
 */
export class CatalogUnderTest {
  readonly commands: CommandStartedEvent[] = [];

  private constructor(
    readonly moduleRef: TestingModule,
    readonly env: Record<string, string>,
  ) {
    const client = moduleRef.get<Connection>(getConnectionToken()).getClient();
    client.on('commandStarted', (event) => this.commands.push(event));
  }

  static async start(env: Record<string, string>): Promise<CatalogUnderTest> {
    const moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [() => env] }),
        MongooseModule.forRoot(env.MONGO_URL, { dbName: env.MONGO_DB, monitorCommands: true, serverSelectionTimeoutMS: 3000 }),
        CatalogDataAccessModule,
      ],
      providers: [CatalogService, CatalogAdminService, { provide: PRODUCT_OUTBOX_RELAY, useValue: { nudge: () => undefined } }],
    }).compile();
    moduleRef.useLogger(['error']);
    await moduleRef.init();
    const catalog = new CatalogUnderTest(moduleRef, env);
    // Until its client is ready the cache is bypassed (reads go to the database and store nothing),
    // and the suites count queries and hits: on a loaded machine the first reads came before it.
    if (env.REDIS_URL || env.REDIS_SENTINELS) await eventually(() => (catalog.cache.reachable ? true : undefined), 'the read cache to reach Redis', 30_000);
    return catalog;
  }

  get service(): CatalogService {
    return this.moduleRef.get(CatalogService);
  }

  /** Administration as the gateway's admin API calls it; its price-change events stay in the outbox. */
  get admin(): CatalogAdminService {
    return this.moduleRef.get(CatalogAdminService);
  }

  get cache(): CatalogCache {
    return this.moduleRef.get(CatalogCache);
  }

  /** The saga's stock side without Kafka: its replies stay in the outbox. */
  reservations(): StockReservationService {
    const relay = { nudge: () => undefined } as unknown as OutboxRelay;
    return new StockReservationService(this.moduleRef.get(StockRepository), this.moduleRef.get(ReservationsRepository), relay, this.cache, 60_000);
  }

  /** Database queries (reads) on `collection` since `since` (an index into `commands`). */
  queries(collection: string, since = 0): string[] {
    return this.commands
      .slice(since)
      .filter((event) => ['find', 'aggregate', 'count'].includes(event.commandName) && event.command[event.commandName] === collection)
      .map((event) => event.commandName);
  }

  async addCategory(id: string): Promise<void> {
    await this.moduleRef.get<Model<Category>>(getModelToken(Category.name)).create({ _id: id, name: id, description: id });
  }

  async addProduct(categoryId: string, name: string, stock: number): Promise<{ id: string; slug: string }> {
    const _id = new Types.ObjectId();
    const slug = uniqueName(name.toLowerCase().replace(/\s+/g, '-'));
    await this.products().create({ _id, categoryId, slug, name, sortName: name.toLowerCase(), price: { amount: 1000, currency: 'EUR' }, stock });
    return { id: _id.toHexString(), slug };
  }

  products(): Model<Product> {
    return this.moduleRef.get<Model<Product>>(getModelToken(Product.name));
  }

  async close(): Promise<void> {
    await this.moduleRef.get<Connection>(getConnectionToken()).dropDatabase();
    await this.moduleRef.close();
  }
}

export const orderFor = (productId: string, quantity: number): EventOf<typeof OrderPlaced> =>
  createEvent(
    OrderPlaced,
    { orderId: uniqueName('order'), cartId: 'c1', lines: [{ productId, quantity, unitPrice: { amount: 1000, currency: 'EUR' } }], total: { amount: 1000 * quantity, currency: 'EUR' } },
    { source: 'order' },
  );
