import { z } from 'zod';
import { baseEnvSchema, durationMs, hostPort, mongoUrl, port, kafkaEnv } from '@bazaar/shared/config';

export const orderEnvSchema = baseEnvSchema.extend({
  SERVICE_NAME: z.string().default('order'),
  HTTP_PORT: port.default(3003),
  TCP_HOST: z.string().default('0.0.0.0'),
  TCP_PORT: port.default(4003),
  MONGO_URL: mongoUrl,
  MONGO_DB: z.string().default('orders'),
  ...kafkaEnv,
  CATALOG_ADDR: hostPort,
  CART_ADDR: hostPort,
  /** An order still PENDING this long after checkout is cancelled with reason TIMED_OUT (ADR 0007). */
  ORDER_PENDING_TIMEOUT_MS: durationMs.default(180_000),
  /** How often order looks for PENDING orders past their deadline. */
  ORDER_PENDING_SWEEP_INTERVAL_MS: durationMs.default(15_000),
});
