import { z } from 'zod';
import { baseEnvSchema, port, redisUrl } from '@bazaar/shared/config';

export const cartEnvSchema = baseEnvSchema.extend({
  SERVICE_NAME: z.string().default('cart'),
  HTTP_PORT: port.default(3002),
  TCP_HOST: z.string().default('0.0.0.0'),
  TCP_PORT: port.default(4002),
  REDIS_URL: redisUrl,
});
