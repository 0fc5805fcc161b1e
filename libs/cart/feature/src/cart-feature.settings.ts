import { ConfigService } from '@nestjs/config';

export const CART_FEATURE_SETTINGS = Symbol('CART_FEATURE_SETTINGS');

export interface CartFeatureSettings {
  /** Carts are priced in this one currency (ISO 4217). */
  currency: string;
  /** Deadline of a call to catalog; below the gateway's own deadline so the cart's 503/504 reaches it first. */
  catalogTimeoutMs: number;
}

export const cartFeatureSettingsProvider = {
  provide: CART_FEATURE_SETTINGS,
  inject: [ConfigService],
  useFactory: (config: ConfigService): CartFeatureSettings => ({
    currency: config.getOrThrow<string>('CART_CURRENCY'),
    catalogTimeoutMs: config.getOrThrow<number>('CATALOG_TIMEOUT_MS'),
  }),
};
