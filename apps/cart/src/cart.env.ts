import { z } from 'zod';
import { REPLICA_WAIT_TIMEOUT_MS } from '@bazaar/cart/data-access';
import { baseEnvSchema, durationMs, hostPort, port, redisEnv, redisRequired, kafkaEnv } from '@bazaar/shared/config';

export const cartEnvSchema = baseEnvSchema
  .extend({
    SERVICE_NAME: z.string().default('cart'),
    HTTP_PORT: port.default(3002),
    TCP_HOST: z.string().default('0.0.0.0'),
    TCP_PORT: port.default(4002),
    ...redisEnv,
    /** Replicas that must hold a cart write before it is acknowledged (WAIT); default 1 with REDIS_SENTINELS, 0 without (ADR 0010). */
    REDIS_WAIT_REPLICAS: z.coerce.number().int().min(0).optional(),
    REDIS_WAIT_TIMEOUT_MS: durationMs.default(REPLICA_WAIT_TIMEOUT_MS),
    CATALOG_ADDR: hostPort,
    /** Cart consumes OrderConfirmed / OrderCancelled (group `cart`) to settle the cart after an order (ADR 0007). */
    ...kafkaEnv,
    /** Below the gateway's SERVICE_CALL_TIMEOUT_MS (3 s), so the cart's own 504/503 reaches the edge. */
    CATALOG_TIMEOUT_MS: durationMs.default(2000),
    CART_TTL_SECONDS: z.coerce.number().int().positive().default(7 * 24 * 3600),
    PRODUCT_CACHE_TTL_MS: durationMs.default(30_000),
    CART_CURRENCY: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code like EUR').default('EUR'),
  })
  .refine(...redisRequired);
