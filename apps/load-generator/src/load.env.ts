import { z } from 'zod';

const positiveNumber = z.coerce.number().positive();

export const loadEnvSchema = z.object({
  /** The gateway the shoppers talk to. */
  GATEWAY_URL: z.url().default('http://127.0.0.1:3000'),
  /** Requests per second across all shoppers. */
  RATE: positiveNumber.default(5),
  /** Seconds to run; 0 runs until stopped (SIGINT/SIGTERM). */
  DURATION: z.coerce.number().min(0).default(0),
  /** At most this many requests in flight; a tick that finds them all busy is counted as skipped. */
  CONCURRENCY: z.coerce.number().int().positive().default(8),
  /** Simulated shoppers, each with their own cart cookie. */
  SHOPPERS: z.coerce.number().int().positive().default(20),
  /** Seconds between summary lines. */
  REPORT_EVERY: positiveNumber.default(5),
});

export type LoadEnv = z.output<typeof loadEnvSchema>;

/** The settings from the environment, or an error naming each wrong variable. */
export function loadEnv(env: NodeJS.ProcessEnv): LoadEnv {
  const parsed = loadEnvSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new Error(`Invalid load generator settings: ${problems.join('; ')}`);
}
