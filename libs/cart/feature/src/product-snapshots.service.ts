import { Injectable } from '@nestjs/common';
import type { ProductSnapshot } from '@bazaar/contracts';
import { ProductSnapshotCache } from '@bazaar/cart/data-access';
import { CatalogClient } from './catalog.client';

/**
 * Cache-aside: snapshots come from Redis when fresh; whatever is missing is asked of catalog in
 * one call for all missing ids (never one call per line), then cached.
 */
@Injectable()
export class ProductSnapshotsService {
  constructor(
    private readonly cache: ProductSnapshotCache,
    private readonly catalog: CatalogClient,
  ) {}

  /** Snapshots by id; an id catalog does not know is absent from the map. */
  async byId(productIds: readonly string[]): Promise<Map<string, ProductSnapshot>> {
    const { found, missingIds } = await this.cache.getMany([...new Set(productIds)]);
    if (missingIds.length > 0) {
      const fetched = await this.catalog.productSnapshots(missingIds);
      await this.cache.putMany(fetched);
      found.push(...fetched);
    }
    return new Map(found.map((snapshot) => [snapshot.id, snapshot]));
  }

  /** Catalog's snapshots now, never the cache's (which they then replace): for prices the shopper accepts. */
  async current(productIds: readonly string[]): Promise<Map<string, ProductSnapshot>> {
    const ids = [...new Set(productIds)];
    const fetched = ids.length > 0 ? await this.catalog.productSnapshots(ids) : [];
    await this.cache.putMany(fetched);
    return new Map(fetched.map((snapshot) => [snapshot.id, snapshot]));
  }
}
