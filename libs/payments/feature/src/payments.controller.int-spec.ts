import { INestApplicationContext } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { getConnectionToken } from '@nestjs/mongoose';
import { Test } from '@nestjs/testing';
import { Connection } from 'mongoose';
import { PaymentsDataAccessModule, PaymentsRepository } from '@bazaar/payments/data-access';
import { MongoConnectionModule } from '@bazaar/shared/mongo';
import { requireServer, uniqueName } from '@bazaar/shared/testing';
import { PaymentsController } from './payments.controller';
import { PaymentsQueries } from './payments-queries.service';

describe('PaymentsController (real MongoDB wire protocol)', () => {
  let app: INestApplicationContext;
  let controller: PaymentsController;
  let records: PaymentsRepository;

  beforeAll(async () => {
    const env = { MONGO_URL: await requireServer('mongodb'), MONGO_DB: uniqueName('it-payments') };
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [() => env] }), MongoConnectionModule, PaymentsDataAccessModule],
      controllers: [PaymentsController],
      providers: [PaymentsQueries],
    }).compile();
    app = await moduleRef.init();
    controller = app.get(PaymentsController);
    records = app.get(PaymentsRepository);
  });
  afterAll(async () => {
    await app?.get<Connection>(getConnectionToken()).dropDatabase();
    await app?.close();
  });

  it('answers a stored record by id, once: a second insert of the id is a duplicate', async () => {
    const record = { id: uniqueName('payments'), updatedAt: new Date('2026-01-01T10:00:00Z') };
    await expect(records.insert(record)).resolves.toBe('inserted');
    await expect(records.insert({ ...record, updatedAt: new Date() })).resolves.toBe('duplicate');
    await expect(controller.get({ id: record.id })).resolves.toEqual({ id: record.id, updatedAt: '2026-01-01T10:00:00.000Z' });
  });

  it('answers 404 PAYMENTS_NOT_FOUND for an unknown id and 400 for a malformed request', async () => {
    await expect(controller.get({ id: 'no-such-record' })).rejects.toMatchObject({ statusCode: 404, code: 'PAYMENTS_NOT_FOUND' });
    expect(() => controller.get({ id: '' })).toThrow(/^id: /);
  });
});
