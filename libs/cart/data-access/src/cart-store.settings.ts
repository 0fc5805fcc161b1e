import { ConfigService } from '@nestjs/config';
import { MAX_CART_LINES, MAX_LINE_QUANTITY } from '@bazaar/contracts';

export const CART_STORE_SETTINGS = Symbol('CART_STORE_SETTINGS');

export interface CartStoreSettings {
  /** A cart lives this long after its last use (read or write). */
  cartTtlSeconds: number;
  /** How long a product snapshot from catalog is trusted before it is fetched again. */
  productCacheTtlMs: number;
  /** The contract's MAX_LINE_QUANTITY and MAX_CART_LINES in the service; tests may raise them. */
  maxLineQuantity: number;
  maxCartLines: number;
}

export const cartStoreSettingsProvider = {
  provide: CART_STORE_SETTINGS,
  inject: [ConfigService],
  useFactory: (config: ConfigService): CartStoreSettings => ({
    cartTtlSeconds: config.getOrThrow<number>('CART_TTL_SECONDS'),
    productCacheTtlMs: config.getOrThrow<number>('PRODUCT_CACHE_TTL_MS'),
    maxLineQuantity: MAX_LINE_QUANTITY,
    maxCartLines: MAX_CART_LINES,
  }),
};
