import { Injectable, Logger } from '@nestjs/common';

/** A product that administration just created or changed (after the write is stored). */
export interface ProductChange {
  kind: 'created' | 'edited' | 'stock-adjusted';
  productId: string;
  categoryId: string;
  /** The slug now, and the one before when an edit changed it (a by-slug entry to drop). */
  slug: string;
  previousSlug?: string;
  /** The product's revision now (stock adjustments leave it as it was). */
  revision: number;
  priceChanged: boolean;
}

export type ProductChangeListener = (change: ProductChange) => void | Promise<void>;

/**
 * Where catalog's read cache hooks its invalidation: administration announces every product it
 * created or changed here, in this process, after the write. A listener's failure is logged and
 * never fails the write (the data is stored; a cache entry expires by itself). Other instances
 * learn of price changes from ProductPriceChanged on `products.v1`; the saga's stock moves are
 * not announced here.
 *
 * @example
 * constructor(changes: CatalogChanges) { changes.onProductChange((change) => this.forget(change.productId, change.categoryId)); }
 */
@Injectable()
export class CatalogChanges {
  private readonly logger = new Logger(CatalogChanges.name);
  private readonly listeners = new Set<ProductChangeListener>();

  /** Returns the function that removes the listener. */
  onProductChange(listener: ProductChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async announce(change: ProductChange): Promise<void> {
    await Promise.all(
      [...this.listeners].map(async (listener) => {
        try {
          await listener(change);
        } catch (error) {
          this.logger.warn(`A listener failed on ${change.kind} of product ${change.productId}: ${(error as Error).message}`);
        }
      }),
    );
  }
}
