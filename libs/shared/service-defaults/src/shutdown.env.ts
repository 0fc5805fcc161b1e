import { z } from 'zod';
import { durationMs, validateEnv } from '@bazaar/shared/config';

const shutdownEnvSchema = z.object({
  /**
   * How long to keep serving after SIGTERM with readiness already 503, so that load balancers
   * (HAProxy's checks, Kubernetes endpoints) stop sending new requests before the listener closes.
   */
  SHUTDOWN_DELAY_MS: z.coerce.number().int().min(0).default(0),
  /** The longest the drain may take after that; then the service exits non-zero, saying what was left. */
  SHUTDOWN_TIMEOUT_MS: durationMs.default(10_000),
});

export type ShutdownEnv = z.output<typeof shutdownEnvSchema>;

/** Every service reads these on top of its own schema (bootstrapService). */
export const shutdownEnv = (env: Record<string, unknown>): ShutdownEnv => validateEnv(shutdownEnvSchema, env);
