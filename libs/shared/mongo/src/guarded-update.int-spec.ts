import { Connection, createConnection, Schema } from 'mongoose';
import { requireServer, uniqueName } from '@bazaar/shared/testing';
import { findOneGuarded, mongoEngine, updateOneById, updateOneGuarded } from './guarded-update';

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
  afterEach(() => jest.restoreAllMocks());
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

  it('evaluates the guard on the document the caller read under its lock, reading it no second time', async () => {
    const model = items();
    await model.create({ _id: 'c', status: 'PENDING', stock: 1, holds: [] });
    const read = await model.findById('c').lean<Item>().exec();
    const findById = jest.spyOn(model, 'findById');
    const findOne = jest.spyOn(model, 'findOne');
    await expect(updateOneGuarded(model, 'c', { status: 'PENDING' }, { $set: { status: 'CONFIRMED' } }, { readUnderLock: read ?? undefined })).resolves.toBe(true);
    // What the caller read says PENDING, the document now says CONFIRMED: the same read gives the same answer on both servers only while the caller holds the lock.
    await expect(updateOneGuarded(model, 'c', { status: 'CANCELLED' }, { $set: { status: 'PENDING' } }, { readUnderLock: { ...read, status: 'CONFIRMED' } })).resolves.toBe(false);
    expect(findById).not.toHaveBeenCalled();
    expect(findOne).not.toHaveBeenCalled();
    expect(await model.findById('c').lean()).toMatchObject({ status: 'CONFIRMED' });
    await expect(updateOneGuarded(model, 'gone', { status: 'PENDING' }, { $set: { status: 'CONFIRMED' } }, { readUnderLock: { status: 'PENDING' } })).resolves.toBe(false);
  });

  it('updates by id without a guard read: a repeated $pull is a no-op', async () => {
    const model = items();
    await model.create({ _id: 'd', status: 'PENDING', stock: 1, holds: ['o1', 'o2'] });
    const findById = jest.spyOn(model, 'findById');
    await expect(updateOneById(model, 'd', { status: 'PENDING' }, { $pull: { holds: 'o1' } })).resolves.toBe(true);
    await expect(updateOneById(model, 'd', { status: 'PENDING' }, { $pull: { holds: 'o1' } })).resolves.toBe(true);
    expect(findById).not.toHaveBeenCalled();
    expect(await model.findById('d').lean()).toMatchObject({ holds: ['o2'] });
  });

  it('finds a document only when it matches the guard, trimmed to the projection', async () => {
    const model = items();
    await expect(findOneGuarded(model, 'b', { holds: 'o1' }, { _id: 1 })).resolves.toEqual({ _id: 'b' });
    await expect(findOneGuarded(model, 'b', { holds: 'o9' })).resolves.toBeNull();
    await expect(findOneGuarded(model, 'b', { stock: { $gte: 1 } })).resolves.toBeNull();
  });
});
