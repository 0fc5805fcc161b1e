import { z } from 'zod';
import { baseEnvSchema, port, mongoUrl, durationMs, kafkaEnv } from '@bazaar/shared/config';

export const paymentsEnvSchema = baseEnvSchema.extend({
  SERVICE_NAME: z.string().default('payments'),
  HTTP_PORT: port.default(3004),
  TCP_HOST: z.string().default('0.0.0.0'),
  TCP_PORT: port.default(4004),
  MONGO_URL: mongoUrl,
  MONGO_DB: z.string().default('payments'),
  ...kafkaEnv,
  /** How long the simulator's slow test card (TEST_CARDS.slow) takes to be approved. */
  PAYMENTS_SIMULATOR_SLOW_MS: durationMs.default(3000),
});
