import { z } from 'zod';
import { baseEnvSchema, mongoUrl, port, redisEnv, kafkaEnv } from '@bazaar/shared/config';

export const catalogEnvSchema = baseEnvSchema.extend({
  SERVICE_NAME: z.string().default('catalog'),
  HTTP_PORT: port.default(3001),
  TCP_HOST: z.string().default('0.0.0.0'),
  TCP_PORT: port.default(4001),
  MONGO_URL: mongoUrl,
  MONGO_DB: z.string().default('catalog'),
  ...kafkaEnv,
  /** The read cache (docs/adr/0009-catalog-read-cache.md), through the Sentinels when REDIS_SENTINELS is set; neither set, every read goes to the database. */
  ...redisEnv,
  /** The longest an entry lives whatever happens to invalidations; 0 caches no read (invalidations are still sent). */
  CATALOG_CACHE_TTL_MS: z.coerce.number().int().min(0).default(30_000),
  CATALOG_CACHE_COMMAND_TIMEOUT_MS: z.coerce.number().int().min(1).default(300),
});
