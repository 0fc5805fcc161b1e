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
  /** The specification's sampler names; every span of a trace whose parent was sampled, by default. */
  OTEL_TRACES_SAMPLER: z.enum(['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio']).default('parentbased_always_on'),
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).default(1),
  /** The batch span processor (the specification's names; unset, the SDK's defaults). */
  OTEL_BSP_MAX_QUEUE_SIZE: z.coerce.number().int().min(1).optional(),
  OTEL_BSP_MAX_EXPORT_BATCH_SIZE: z.coerce.number().int().min(1).optional(),
  OTEL_BSP_SCHEDULE_DELAY: z.coerce.number().int().min(0).optional(),
  OTEL_BSP_EXPORT_TIMEOUT: z.coerce.number().int().min(0).optional(),
});

export type TracingEnv = z.infer<typeof tracingEnvSchema>;

export const tracingEnv = (env: Record<string, unknown>) => validateEnv(tracingEnvSchema, env);
