import { Connection, createConnection, Schema } from 'mongoose';
import { requireServer, uniqueName } from '@bazaar/shared/testing';
import { findOneGuarded, mongoEngine, updateOneGuarded } from './guarded-update';

interface Item {
  _id: string;
  status: string;
  stock: number;
  holds: string[];
}

describe('guarded updates (real server)', () => {
  let connection: Connection;
  const items = () => connection.models['Item'] ?? connection.model<Item>('Item', new Schema<Item>({ _id: String, status: String, stock: Number, holds: [String] }, { versionKey: false }));

  beforeAll(async () => {
    connection = await createConnection(await requireServer('mongodb'), { dbName: uniqueName('it-guarded'), serverSelectionTimeoutMS: 3000 }).asPromise();
    await items().create([
      { _id: 'a', status: 'PENDING', stock: 2, holds: [] },
      { _id: 'b', status: 'PENDING', stock: 0, holds: ['o1'] },
    ]);
  });
  afterAll(async () => {
    await connection?.dropDatabase();
    await connection?.close();
  });

  it('tells which server it talks to', async () => {
    await expect(mongoEngine(connection)).resolves.toMatch(/^(mongodb|ferretdb)$/);
  });

  it('updates only while the guard holds, with MongoDB query semantics', async () => {
    const model = items();
    const take = () => updateOneGuarded(model, 'a', { stock: { $gte: 1 }, holds: { $ne: 'o2' } }, { $inc: { stock: -1 }, $push: { holds: 'o2' } });
    await expect(take()).resolves.toBe(true);
    await expect(take()).resolves.toBe(false);
    await expect(updateOneGuarded(model, 'missing', { status: 'PENDING' }, { $set: { status: 'CONFIRMED' } })).resolves.toBe(false);
    expect(await model.findById('a').lean()).toEqual({ _id: 'a', status: 'PENDING', stock: 1, holds: ['o2'] });
  });

  it('finds a document only when it matches the guard, trimmed to the projection', async () => {
    const model = items();
    await expect(findOneGuarded(model, 'b', { holds: 'o1' }, { _id: 1 })).resolves.toEqual({ _id: 'b' });
    await expect(findOneGuarded(model, 'b', { holds: 'o9' })).resolves.toBeNull();
    await expect(findOneGuarded(model, 'b', { stock: { $gte: 1 } })).resolves.toBeNull();
  });
});
