import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import type { ProductSnapshot } from '@bazaar/contracts';
import { CART_STORE_SETTINGS, CartStoreSettings } from './cart-store.settings';
import { REDIS_CLIENT } from './redis.module';
import { execResults, redisOperation } from './redis-failure';

export const productSnapshotKey = (productId: string) => `product-snapshot:${productId}`;

export interface CachedSnapshots {
  found: ProductSnapshot[];
  missingIds: string[];
}

/**
 * Catalog's product snapshots as JSON strings with a short TTL. A hit does not extend the TTL:
 * an entry is at most `productCacheTtlMs` old, which bounds how stale a price or stock can be.
 * Products catalog does not know are not cached, so a new product is visible at once.
 */
@Injectable()
export class ProductSnapshotCache {
  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(CART_STORE_SETTINGS) private readonly settings: CartStoreSettings,
  ) {}

  async getMany(productIds: readonly string[]): Promise<CachedSnapshots> {
    if (productIds.length === 0) return { found: [], missingIds: [] };
    const values = await redisOperation(() => this.redis.mget(productIds.map(productSnapshotKey)));
    const found: ProductSnapshot[] = [];
    const missingIds: string[] = [];
    values.forEach((value, index) => (value === null ? missingIds.push(productIds[index]) : found.push(JSON.parse(value) as ProductSnapshot)));
    return { found, missingIds };
  }

  /** Drops these products' snapshots: the next read asks catalog (a price changed). */
  async forget(productIds: readonly string[]): Promise<void> {
    if (productIds.length === 0) return;
    await redisOperation(() => this.redis.del(...productIds.map(productSnapshotKey)));
  }

  async putMany(snapshots: readonly ProductSnapshot[]): Promise<void> {
    if (snapshots.length === 0) return;
    const transaction = this.redis.multi();
    for (const snapshot of snapshots) transaction.set(productSnapshotKey(snapshot.id), JSON.stringify(snapshot), 'PX', this.settings.productCacheTtlMs);
    await redisOperation(async () => execResults(await transaction.exec()));
  }
}
