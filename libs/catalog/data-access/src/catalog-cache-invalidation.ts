import { Injectable, OnModuleInit } from '@nestjs/common';
import { CatalogCache } from './catalog-cache';
import { CatalogChanges, ProductChange } from './catalog-changes';

/**
 * Administration's writes reach the read cache: an edit (a price change included) drops the
 * product's page and every listing, a stock adjustment its page and its category's pages. The
 * cache lives in Redis with generation counters, so the writing instance's invalidation holds for
 * every catalog instance. The saga's stock moves invalidate in StockReservationService.
 */
@Injectable()
export class CatalogCacheInvalidation implements OnModuleInit {
  constructor(
    private readonly changes: CatalogChanges,
    private readonly cache: CatalogCache,
  ) {}

  onModuleInit(): void {
    this.changes.onProductChange((change) => this.invalidate(change));
  }

  invalidate(change: ProductChange): Promise<void> {
    return change.kind === 'stock-adjusted'
      ? this.cache.invalidateStock([{ id: change.productId, categoryId: change.categoryId }])
      : this.cache.invalidateProduct(change.productId);
  }
}
