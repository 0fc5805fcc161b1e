import { z } from 'zod';
import { trustedProxies } from '@bazaar/gateway/feature';
import { baseEnvSchema, durationMs, flag, hostPort, port, redisEnv, redisRequired } from '@bazaar/shared/config';

const originList = z
  .string()
  .transform((value) => value.split(',').map((origin) => origin.trim()).filter(Boolean))
  .pipe(z.array(z.url()));

/** Signs cart cookies outside production only; a production gateway refuses to start with it. */
export const DEVELOPMENT_CART_COOKIE_SECRET = 'bazaar-development-cart-cookie-secret-not-for-production';

/** The first secret signs, every one verifies: add the new one in front, drop the old one after CART_COOKIE_MAX_AGE_SECONDS. */
const secretList = z
  .string()
  .transform((value) => value.split(',').map((secret) => secret.trim()).filter(Boolean))
  .pipe(z.array(z.string().min(32, 'each secret must be at least 32 characters')).min(1, 'must list at least one secret'));

export const gatewayEnvSchema = baseEnvSchema.extend({
  SERVICE_NAME: z.string().default('gateway'),
  TRUST_PROXY: trustedProxies.default(false),
  HTTP_PORT: port.default(3000),
  CATALOG_ADDR: hostPort,
  CART_ADDR: hostPort,
  ORDER_ADDR: hostPort,
  /** payments tokenizes the card of a checkout. */
  PAYMENTS_ADDR: hostPort,
  SERVICE_CALL_TIMEOUT_MS: durationMs.default(3000),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  /** Checkouts per client address and minute, on top of RATE_LIMIT_PER_MINUTE. */
  CHECKOUT_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(10),
  /** The rate limits' counters, shared by every replica; through the Sentinels when REDIS_SENTINELS is set. */
  ...redisEnv,
  /** Origins allowed to call the API from a browser; empty means same-origin only. */
  CORS_ORIGINS: originList.default([]),
  /** The cart cookie lives as long as an idle cart in Redis (cart's CART_TTL_SECONDS). */
  CART_COOKIE_MAX_AGE_SECONDS: z.coerce.number().int().positive().default(7 * 24 * 3600),
  /** HMAC secrets of the cart cookie, comma-separated: the first signs, all verify (rotation). Required in production. */
  CART_COOKIE_SECRETS: secretList.default([DEVELOPMENT_CART_COOKIE_SECRET]),
  /** Set true when the store is served over HTTPS, so the cart cookie is never sent in clear. */
  COOKIE_SECURE: flag.default(false),
  /** The storefront's build to serve at /; by default the one `nx build storefront` writes next to the gateway's dist. */
  STOREFRONT_DIR: z.string().min(1).optional(),
  /** The admin API's bearer token (/api/admin); unset, the admin API is off. At least 24 characters. */
  ADMIN_TOKEN: z.preprocess((value) => (value === '' ? undefined : value), z.string().min(24, 'must be at least 24 characters').optional()),
  /** Jaeger's UI as the shopper's browser reaches it; the storefront links each request's trace id there. */
  STOREFRONT_JAEGER_URL: z.url().optional(),
}).superRefine((env, context) => {
  if (env.NODE_ENV === 'production' && env.CART_COOKIE_SECRETS.includes(DEVELOPMENT_CART_COOKIE_SECRET)) {
    context.addIssue({ code: 'custom', path: ['CART_COOKIE_SECRETS'], message: 'must be set to secrets of your own in production' });
  }
}).refine(...redisRequired);
