import { INestApplicationContext } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { getModelToken } from '@nestjs/mongoose';
import { Test } from '@nestjs/testing';
import { Model } from 'mongoose';
import { createEvent, StockReserved } from '@bazaar/contracts';
import { runDlqCommand } from '@bazaar/shared/messaging';
import { MongoConnectionModule } from '@bazaar/shared/mongo';
import { requireServer, uniqueName } from '@bazaar/shared/testing';
import { CatalogDataAccessModule } from './catalog-data-access.module';
import { Reservation } from './reservation.schema';
import { ReservationsRepository } from './reservations.repository';

describe('ReservationsRepository set-aside outbox events (real MongoDB wire protocol)', () => {
  let app: INestApplicationContext;
  let reservations: ReservationsRepository;
  let model: Model<Reservation>;
  const env = { MONGO_URL: '', MONGO_DB: uniqueName('it-catalog-aside') };

  beforeAll(async () => {
    env.MONGO_URL = await requireServer('mongodb');
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [() => env] }), MongoConnectionModule, CatalogDataAccessModule],
    }).compile();
    app = await moduleRef.init();
    model = app.get<Model<Reservation>>(getModelToken(Reservation.name));
    reservations = app.get(ReservationsRepository);
  });
  afterAll(async () => {
    await model?.db.dropDatabase();
    await app?.close();
  });

  const reserve = async (orderId: string) => {
    const event = createEvent(StockReserved, { orderId, lines: [{ productId: 'p1', quantity: 1 }] }, { source: 'catalog' });
    const lines = [{ productId: 'p1', quantity: 1 }];
    await reservations.claim(orderId, 'RESERVING', lines, 'claim-1');
    await reservations.decide(orderId, 'claim-1', { status: 'RESERVED', event });
    return event;
  };

  it('no longer returns a set-aside event as pending, and the dlq command lists it with its reason', async () => {
    const aside = await reserve('order-aside');
    await reserve('order-good');
    await reservations.setAside('order-aside', [{ eventId: aside.id, type: aside.type, reason: 'unknown event type' }], new Date());

    expect((await reservations.findPending(10)).map(({ aggregateId }) => aggregateId)).toEqual(['order-good']);
    expect(await reservations.findPendingOf(['order-aside'])).toEqual([]);
    expect(await model.findById('order-aside').lean().exec()).toMatchObject({ sentAt: null, hasSetAside: true, setAside: [{ eventId: aside.id, reason: 'unknown event type', failures: 1 }] });

    const lines: string[] = [];
    await expect(runDlqCommand(['set-aside', '--db', env.MONGO_DB, '--collection', 'reservations'], { MONGO_URL: env.MONGO_URL }, (line) => lines.push(line))).resolves.toBe(0);
    expect(lines).toEqual([expect.stringMatching(new RegExp(`^${env.MONGO_DB}.reservations order-aside  ${aside.type} ${aside.id} .*failures=1\\n    reason: unknown event type$`))]);
  });
});
