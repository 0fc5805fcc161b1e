import { Inject, Injectable } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { CATALOG_SERVICE, CatalogPatterns, GetProductSnapshotsRequest, ProductSnapshot, ProductSnapshots } from '@bazaar/contracts';
import { callService } from '@bazaar/shared/rpc';
import { CART_FEATURE_SETTINGS, CartFeatureSettings } from './cart-feature.settings';

/** The cart's one question to catalog: timeouts become 504, an unreachable catalog 503 (callService). */
@Injectable()
export class CatalogClient {
  constructor(
    @Inject(CATALOG_SERVICE) private readonly client: ClientProxy,
    @Inject(CART_FEATURE_SETTINGS) private readonly settings: CartFeatureSettings,
  ) {}

  async productSnapshots(ids: string[]): Promise<ProductSnapshot[]> {
    const request: GetProductSnapshotsRequest = { ids };
    const reply = await callService<ProductSnapshots>(this.client, 'catalog', CatalogPatterns.getProductSnapshots, request, this.settings.catalogTimeoutMs);
    return reply.items;
  }
}
