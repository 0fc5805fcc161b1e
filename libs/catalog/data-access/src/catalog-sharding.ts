import { Injectable, Logger } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { Connection } from 'mongoose';
import { Product } from './product.schema';

/** Why this key: deploy/mongo/README.md and docs/adr/0003-catalog-shard-key.md. */
export const PRODUCTS_SHARD_KEY = { categoryId: 1, _id: 1 } as const;

export type AdminCommand = Record<string, unknown>;

/** The one thing sharding needs from the driver: `db.admin()` answers it. */
export interface AdminDb {
  command(command: AdminCommand): Promise<Record<string, unknown>>;
}

export type ShardingPlan = { shard: false; reason: string } | { shard: true; commands: AdminCommand[] };

/** A router says `msg: "isdbgrid"` in its hello reply; a plain mongod, a replica set or FerretDB does not. */
export function planCatalogSharding(hello: Record<string, unknown>, dbName: string, collection: string): ShardingPlan {
  if (hello.msg !== 'isdbgrid') {
    return { shard: false, reason: 'the server is not a mongos (hello.msg is not "isdbgrid"), so there is nothing to shard' };
  }
  return {
    shard: true,
    commands: [{ enableSharding: dbName }, { shardCollection: `${dbName}.${collection}`, key: { ...PRODUCTS_SHARD_KEY } }],
  };
}

/**
 * Re-running is harmless: current servers answer ok when the database or collection is already
 * sharded with the same key, older ones answer AlreadyInitialized; both count as done. Any other
 * failure (for example the collection sharded with a different key) stops the start.
 */
export async function applyCatalogSharding(admin: AdminDb, dbName: string, collection: string): Promise<ShardingPlan> {
  const plan = planCatalogSharding(await admin.command({ hello: 1 }), dbName, collection);
  if (!plan.shard) return plan;
  for (const command of plan.commands) {
    try {
      await admin.command(command);
    } catch (error) {
      if (!isAlreadyDone(error)) throw error;
    }
  }
  return plan;
}

function isAlreadyDone(error: unknown): boolean {
  const { code, codeName, message } = (error ?? {}) as { code?: number; codeName?: string; message?: string };
  return (code === 23 || codeName === 'AlreadyInitialized') && /already/i.test(message ?? '');
}

@Injectable()
export class CatalogSharding {
  private readonly logger = new Logger(CatalogSharding.name);

  constructor(@InjectConnection() private readonly connection: Connection) {}

  async apply(): Promise<ShardingPlan> {
    const db = this.connection.db;
    if (!db) throw new Error('MongoDB is not connected');
    const collection = this.connection.model(Product.name).collection.collectionName;
    const plan = await applyCatalogSharding(db.admin(), db.databaseName, collection);
    if (plan.shard) this.logger.log(`Sharded ${db.databaseName}.${collection} on ${JSON.stringify(PRODUCTS_SHARD_KEY)}`);
    else this.logger.log(`Sharding skipped: ${plan.reason}`);
    return plan;
  }
}
