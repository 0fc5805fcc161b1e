import { createConnection } from 'mongoose';
import { requireServer, uniqueName } from '@bazaar/shared/testing';
import { mongooseCheck } from './mongoose.check';

describe('mongooseCheck (real server)', () => {
  it('pings a connected server and fails clearly on a closed connection', async () => {
    const connection = await createConnection(await requireServer('mongodb'), {
      dbName: uniqueName('it-ping'),
      serverSelectionTimeoutMS: 3000,
    }).asPromise();
    const check = mongooseCheck(connection);
    await expect(check.ping()).resolves.toBeTruthy();
    await connection.close();
    await expect(check.ping()).rejects.toThrow();
  });
});
