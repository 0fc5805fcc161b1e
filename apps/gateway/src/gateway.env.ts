import { z } from 'zod';
import { baseEnvSchema, durationMs, hostPort, port } from '@bazaar/shared/config';

const originList = z
  .string()
  .transform((value) => value.split(',').map((origin) => origin.trim()).filter(Boolean))
  .pipe(z.array(z.url()));

export const gatewayEnvSchema = baseEnvSchema.extend({
  SERVICE_NAME: z.string().default('gateway'),
  HTTP_PORT: port.default(3000),
  CATALOG_ADDR: hostPort.default('127.0.0.1:4001'),
  CART_ADDR: hostPort.default('127.0.0.1:4002'),
  ORDER_ADDR: hostPort.default('127.0.0.1:4003'),
  SERVICE_CALL_TIMEOUT_MS: durationMs.default(3000),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  /** Origins allowed to call the API from a browser; empty means same-origin only. */
  CORS_ORIGINS: originList.default([]),
});
