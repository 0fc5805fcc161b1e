import { Injectable, Logger } from '@nestjs/common';
import { ProductPriceChanged } from '@bazaar/contracts';
import { ProductSnapshotCache } from '@bazaar/cart/data-access';
import { EventHandler, EventHandlerSet, onEvent } from '@bazaar/shared/messaging';

/**
 * Cart's reaction to catalog's product events. A price change drops the product's cached snapshot,
 * so the next cart read prices its lines with catalog's new price: the line shows
 * `priceChanged` (old → new), and checkout answers PRICE_CHANGED until the shopper accepts
 * (POST /api/cart/accept-prices). Without the event a cart would show the old price until the
 * snapshot expired (PRODUCT_CACHE_TTL_MS). Applying it twice drops the entry twice: idempotent.
 */
@Injectable()
export class CatalogEventsHandlers implements EventHandlerSet {
  private readonly logger = new Logger(CatalogEventsHandlers.name);

  readonly handlers: EventHandler[] = [
    onEvent(ProductPriceChanged, async ({ id, data }) => {
      await this.snapshots.forget([data.productId]);
      this.logger.debug(`ProductPriceChanged ${id}: product ${data.productId} at revision ${data.revision}, snapshot dropped`);
    }),
  ];

  constructor(private readonly snapshots: ProductSnapshotCache) {}
}
