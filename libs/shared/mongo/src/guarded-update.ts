import type { Connection, Model, UpdateQuery } from 'mongoose';
import sift from 'sift';

/**
 * Single-document updates that apply only while the document still matches a guard (`{ status:
 * 'PENDING' }`, `{ stock: { $gte: 2 } }`), on both servers Bazaar runs on:
 *
 * - MongoDB: one `updateOne({ _id, ...guard })`, atomic by itself, also across instances.
 * - FerretDB 1.x (what the tests run on): it pushes only a bare `{ _id }` filter down to its
 *   storage and answers any other filter by decoding every document of the collection — a guarded
 *   update of one order would read them all. There the update reads the document by `_id`,
 *   evaluates the same guard in-process (sift: MongoDB's query semantics) and writes by `_id`.
 *   That read-check-write is only correct under the per-document `KeyedLock` the callers already
 *   hold, which FerretDB needs anyway (it loses concurrent updates of one document), and only for
 *   one instance of the service: several instances need MongoDB.
 *
 * The guard is one object in both cases, so the two paths cannot drift apart.
 */
export type Guard = Record<string, unknown>;

export type MongoEngine = 'mongodb' | 'ferretdb';

const engines = new WeakMap<Connection, Promise<MongoEngine>>();

/** Which server is behind the connection (FerretDB says so in buildInfo); asked once per connection. */
export function mongoEngine(connection: Connection): Promise<MongoEngine> {
  let engine = engines.get(connection);
  if (!engine) {
    engine = connection
      .asPromise()
      .then((ready) => {
        if (!ready.db) throw new Error('MongoDB connection has no database');
        return ready.db.admin().command({ buildInfo: 1 });
      })
      .then((info): MongoEngine => ('ferretdbVersion' in info ? 'ferretdb' : 'mongodb'));
    engine.catch(() => engines.delete(connection));
    engines.set(connection, engine);
  }
  return engine;
}

export interface GuardedUpdateOptions {
  timestamps?: boolean;
  /**
   * The document (at least the fields the guard names) as the caller read it while holding the
   * document's `KeyedLock`, which it still holds, and which nothing has changed since: on FerretDB
   * the guard is evaluated on it instead of reading the document again. That read would only see
   * other instances' writes, which FerretDB cannot make safe anyway. Ignored on MongoDB.
   */
  readUnderLock?: object;
}

/** True when the document with this `_id` matched the guard and was updated. */
export async function updateOneGuarded<T>(model: Model<T>, _id: unknown, guard: Guard, update: UpdateQuery<T>, options: GuardedUpdateOptions = {}): Promise<boolean> {
  const { readUnderLock, ...updateOptions } = options;
  if ((await mongoEngine(model.db)) === 'mongodb') {
    const result = await model.updateOne({ _id, ...guard } as never, update, updateOptions).exec();
    return result.matchedCount === 1;
  }
  if (readUnderLock) {
    if (!sift(guard)(readUnderLock)) return false;
    return (await model.updateOne({ _id } as never, update, updateOptions).exec()).matchedCount === 1;
  }
  const current = await findOneGuarded(model, _id, guard);
  if (!current) return false;
  await model.updateOne({ _id } as never, update, updateOptions).exec();
  return true;
}

/**
 * An update that needs no guard to be safe (a `$pull`, a `$set` that may be repeated): MongoDB gets
 * `routing` in its filter (the shard key, a cheap narrowing), FerretDB a bare `{_id}` filter and so
 * no read before the write. True when a document with this `_id` (and routing) exists.
 */
export async function updateOneById<T>(model: Model<T>, _id: unknown, routing: Guard, update: UpdateQuery<T>, options: { timestamps?: boolean } = {}): Promise<boolean> {
  const filter = (await mongoEngine(model.db)) === 'mongodb' ? { _id, ...routing } : { _id };
  return (await model.updateOne(filter as never, update, options).exec()).matchedCount === 1;
}

/** The document with this `_id` if it matches the guard (plain object), else null. */
export async function findOneGuarded<T, R = T>(model: Model<T>, _id: unknown, guard: Guard, projection?: Record<string, 0 | 1>): Promise<R | null> {
  if ((await mongoEngine(model.db)) === 'mongodb') {
    return model.findOne({ _id, ...guard } as never, projection).lean<R>().exec();
  }
  // The guard may name fields the projection leaves out: read them too, then trim.
  const document = await model.findById(_id).lean<Record<string, unknown>>().exec();
  if (!document || !sift(guard)(document)) return null;
  return (projection ? project(document, projection) : document) as R;
}

function project(document: Record<string, unknown>, projection: Record<string, 0 | 1>): Record<string, unknown> {
  const included = Object.entries(projection).filter(([, on]) => on === 1).map(([field]) => field);
  if (included.length === 0) return document;
  return Object.fromEntries(Object.entries(document).filter(([field]) => field === '_id' || included.includes(field)));
}
