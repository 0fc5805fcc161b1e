import { z } from 'zod';
import { flag, validateEnv } from '@bazaar/shared/config/env';

const tracingEnvSchema = z.object({
  TRACING_ENABLED: flag.default(true),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().default('http://127.0.0.1:4318').transform((url) => url.replace(/\/$/, '')),
  DEPLOYMENT_ENVIRONMENT: z.string().default('development'),
  /** Where OTLP metrics go (the full URL, e.g. http://collector:4318/v1/metrics); unset, none are pushed. */
  OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: z.url().optional(),
  METRICS_EXPORT_INTERVAL_MS: z.coerce.number().int().min(1000).default(15000),
  /** Serves /metrics for Prometheus on this port when set (each service on a host needs its own). */
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  METRICS_HOST: z.string().default('0.0.0.0'),
});

export const tracingEnv = (env: Record<string, unknown>) => validateEnv(tracingEnvSchema, env);
