import { z } from 'zod';
import { baseEnvSchema, durationMs, flag, hostPort, port } from '@bazaar/shared/config';

const originList = z
  .string()
  .transform((value) => value.split(',').map((origin) => origin.trim()).filter(Boolean))
  .pipe(z.array(z.url()));

export const gatewayEnvSchema = baseEnvSchema.extend({
  SERVICE_NAME: z.string().default('gateway'),
  HTTP_PORT: port.default(3000),
  CATALOG_ADDR: hostPort,
  CART_ADDR: hostPort,
  ORDER_ADDR: hostPort,
  SERVICE_CALL_TIMEOUT_MS: durationMs.default(3000),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  /** Origins allowed to call the API from a browser; empty means same-origin only. */
  CORS_ORIGINS: originList.default([]),
  /** The cart cookie lives as long as an idle cart in Redis (cart's CART_TTL_SECONDS). */
  CART_COOKIE_MAX_AGE_SECONDS: z.coerce.number().int().positive().default(7 * 24 * 3600),
  /** Set true when the store is served over HTTPS, so the cart cookie is never sent in clear. */
  COOKIE_SECURE: flag.default(false),
  /** The storefront's build to serve at /; by default the one `nx build storefront` writes next to the gateway's dist. */
  STOREFRONT_DIR: z.string().min(1).optional(),
  /** Jaeger's UI as the shopper's browser reaches it; the storefront links each request's trace id there. */
  STOREFRONT_JAEGER_URL: z.url().optional(),
});
