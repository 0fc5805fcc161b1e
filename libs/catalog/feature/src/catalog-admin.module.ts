import { DynamicModule, Module } from '@nestjs/common';
import { CatalogDataAccessModule, ProductOutboxRepository } from '@bazaar/catalog/data-access';
import { DEFAULT_OUTBOX_RELAY_OPTIONS, EventPublisher, OutboxRelay, OutboxRelayOptions } from '@bazaar/shared/messaging';
import { CatalogAdminController } from './catalog-admin.controller';
import { CatalogAdminService, PRODUCT_OUTBOX_RELAY } from './catalog-admin.service';
import { productEventContract } from './product-events';

export interface CatalogAdminOptions {
  relay?: Partial<OutboxRelayOptions>;
}

/**
 * The products' outbox is swept once a minute, not every 10 s: a price change nudges the relay at
 * once, the sweep only finds what a crash left unsent, and on FerretDB each sweep scans products.
 */
const PRODUCT_RELAY_SWEEP_MS = 60_000;

/**
 * Catalog administration: product edits with optimistic concurrency, stock adjustments by delta,
 * and the relay of the products' outbox (ProductPriceChanged on `products.v1`). Expects, from the
 * app: the MongoDB connection and KafkaModule.
 */
@Module({})
export class CatalogAdminModule {
  static forRoot({ relay = {} }: CatalogAdminOptions = {}): DynamicModule {
    return {
      module: CatalogAdminModule,
      imports: [CatalogDataAccessModule],
      controllers: [CatalogAdminController],
      providers: [
        CatalogAdminService,
        {
          provide: PRODUCT_OUTBOX_RELAY,
          inject: [ProductOutboxRepository, EventPublisher],
          useFactory: (outbox: ProductOutboxRepository, publisher: EventPublisher) =>
            new OutboxRelay(outbox, publisher, productEventContract, { ...DEFAULT_OUTBOX_RELAY_OPTIONS, sweepIntervalMs: PRODUCT_RELAY_SWEEP_MS, name: 'catalog-products', ...relay }),
        },
      ],
      exports: [CatalogAdminService, PRODUCT_OUTBOX_RELAY],
    };
  }
}
