import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigModule } from '@nestjs/config';
import { getModelToken } from '@nestjs/mongoose';
import { Test, TestingModule } from '@nestjs/testing';
import { Model, Types } from 'mongoose';
import { createEvent, OrderPlaced } from '@bazaar/contracts';
import { CatalogCache, CatalogDataAccessModule, Product, ReservationsRepository, StockRepository } from '@bazaar/catalog/data-access';
import { OutboxRelay } from '@bazaar/shared/messaging';
import { MongoConnectionModule } from '@bazaar/shared/mongo';
import { eventually, freePort, infraScript, privateInfraEnv, uniqueName, workspaceRoot } from '@bazaar/shared/testing';
import { DEFAULT_CLAIM_LEASE_MS, StockReservationService } from '../src';

const eur = (amount: number) => ({ amount, currency: 'EUR' });

// A MongoDB-wire server of this test's own (never the shared one), stopped in the middle of a reservation.
describe('a reservation cut off by a restart of the MongoDB-wire server (private FerretDB)', () => {
  const run = join(workspaceRoot, 'tmp/it-ferretdb-restart', String(process.pid));
  let infraEnv: NodeJS.ProcessEnv;
  let moduleRef: TestingModule;
  let products: Model<Product>;
  let service: StockReservationService;
  let stock: StockRepository;

  beforeAll(async () => {
    const port = await freePort();
    infraEnv = privateInfraEnv(run, { FERRETDB_PORT: String(port) });
    await infraScript('start', 'ferretdb', infraEnv);
    const env = { MONGO_URL: `mongodb://127.0.0.1:${port}`, MONGO_DB: uniqueName('it-restart') };
    moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [() => env] }), MongoConnectionModule, CatalogDataAccessModule],
    }).compile();
    moduleRef.useLogger(['error']);
    await moduleRef.init();
    products = moduleRef.get(getModelToken(Product.name));
    stock = moduleRef.get(StockRepository);
    // The production lease: the retry must not have to wait it out.
    service = new StockReservationService(stock, moduleRef.get(ReservationsRepository), { nudge: () => undefined } as unknown as OutboxRelay, moduleRef.get(CatalogCache), DEFAULT_CLAIM_LEASE_MS);
  }, 60_000);

  afterAll(async () => {
    await moduleRef?.close();
    if (infraEnv) await infraScript('stop', 'ferretdb', infraEnv);
    rmSync(run, { recursive: true, force: true });
  }, 60_000);

  it('the next delivery finishes it within seconds of the server coming back, taking nothing twice', async () => {
    const [mug, tea] = await Promise.all(
      ['Mug', 'Tea'].map(async (name) => {
        const _id = new Types.ObjectId();
        await products.create({ _id, categoryId: 'kitchen', slug: uniqueName(name), name, sortName: name.toLowerCase(), price: eur(100), stock: 5 });
        return _id.toHexString();
      }),
    );
    const event = createEvent(
      OrderPlaced,
      { orderId: uniqueName('order'), cartId: 'c1', lines: [mug, tea].map((productId) => ({ productId, quantity: 1, unitPrice: eur(100) })), total: eur(200) },
      { source: 'order' },
    );
    // The claim is stored and the mug taken; the server stops before the tea.
    const hold = stock.holdById.bind(stock);
    const spy = jest
      .spyOn(stock, 'holdById')
      .mockImplementationOnce(hold)
      .mockImplementationOnce(async (...args) => {
        await infraScript('stop', 'ferretdb', infraEnv);
        return hold(...args);
      });
    try {
      await expect(service.reserve(event)).rejects.toThrow();
    } finally {
      spy.mockRestore();
    }

    await infraScript('start', 'ferretdb', infraEnv);
    const back = Date.now();
    // As the consumer does: the same event again until it is handled (errors while the driver reconnects).
    const result = await eventually(() => service.reserve(event).catch(() => undefined), 'the redelivery handled', 30_000);
    expect(result).toBe('RESERVED');
    expect(Date.now() - back).toBeLessThan(10_000);
    const levels = await stock.levels([mug, tea]);
    expect([levels.get(mug)?.stock, levels.get(tea)?.stock]).toEqual([4, 4]);
  }, 90_000);
});
