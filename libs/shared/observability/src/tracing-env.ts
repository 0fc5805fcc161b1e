import { z } from 'zod';
import { flag, validateEnv } from '@bazaar/shared/config/env';

const tracingEnvSchema = z.object({
  TRACING_ENABLED: flag.default(true),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().default('http://127.0.0.1:4318').transform((url) => url.replace(/\/$/, '')),
  DEPLOYMENT_ENVIRONMENT: z.string().default('development'),
});

export const tracingEnv = (env: Record<string, unknown>) => validateEnv(tracingEnvSchema, env);
