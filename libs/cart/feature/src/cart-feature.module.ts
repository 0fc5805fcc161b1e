import { DynamicModule, Module } from '@nestjs/common';
import { CartDataAccessModule } from '@bazaar/cart/data-access';
import { cartFeatureSettingsProvider } from './cart-feature.settings';
import { CartController } from './cart.controller';
import { CartService } from './cart.service';
import { CatalogClient } from './catalog.client';
import { ProductSnapshotsService } from './product-snapshots.service';

export interface CartFeatureOptions {
  /** A module exporting the CATALOG_SERVICE ClientProxy (the app registers it from CATALOG_ADDR). */
  catalogClient: DynamicModule;
}

/** The cart's message handlers. Reads CART_CURRENCY, CATALOG_TIMEOUT_MS, CART_TTL_SECONDS, PRODUCT_CACHE_TTL_MS, REDIS_URL. */
@Module({})
export class CartFeatureModule {
  static register({ catalogClient }: CartFeatureOptions): DynamicModule {
    return {
      module: CartFeatureModule,
      imports: [CartDataAccessModule, catalogClient],
      controllers: [CartController],
      providers: [cartFeatureSettingsProvider, CatalogClient, ProductSnapshotsService, CartService],
    };
  }
}
