import { z } from 'zod';

export class InvalidConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'InvalidConfigError';
  }
}

/** Never echo a password: `mongodb://user:secret@host` is shown as `mongodb://***@host`. */
function withoutCredentials(value: unknown): unknown {
  return typeof value === 'string' ? value.replace(/\/\/[^/@\s]*@/g, '//***@') : value;
}

/** Parses the environment against a schema; the error names every variable that is missing or wrong. */
export function validateEnv<S extends z.ZodType>(schema: S, env: Record<string, unknown>): z.output<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new InvalidConfigError(
    result.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '(environment)');
      return env[name] === undefined
        ? `${name} is required but not set`
        : `${name}: ${issue.message} (got ${JSON.stringify(withoutCredentials(env[name]))})`;
    }),
  );
}

export const port = z.coerce.number().int().min(1).max(65535);

export const hostPort = z
  .string()
  .regex(/^[^\s:/]+:\d{1,5}$/, 'must be host:port')
  .refine((value) => Number(value.split(':')[1]) <= 65535, 'port must be at most 65535');

export const mongoUrl = z.string().regex(/^mongodb(\+srv)?:\/\/\S+$/, 'must be a mongodb:// URL');

export const redisUrl = z.string().regex(/^rediss?:\/\/\S+$/, 'must be a redis:// URL');

/** `host:port, host:port, ...` as a list; `what` names an item in the message when the list is empty. */
export const hostPortList = (what: string) =>
  z
    .string()
    .transform((value) => value.split(',').map((item) => item.trim()).filter(Boolean))
    .pipe(z.array(hostPort).min(1, `must list at least one ${what}`));

export const brokerList = hostPortList('broker');

/**
 * Where a service's Redis is: REDIS_URL (one fixed server), or REDIS_SENTINELS (host:port, ...),
 * which name the primary of REDIS_SENTINEL_NAME and are preferred: the client follows a failover.
 */
export const redisEnv = {
  REDIS_URL: redisUrl.optional(),
  REDIS_SENTINELS: hostPortList('sentinel').optional(),
  REDIS_SENTINEL_NAME: z.string().regex(/^[\w.-]+$/, 'must be the name the Sentinels monitor').default('bazaar'),
};

/**
 * For a service that cannot run without Redis: `schema.refine(...redisRequired)`. The path is the
 * message's subject: "REDIS_URL or REDIS_SENTINELS is required but not set".
 */
export const redisRequired: [(env: { REDIS_URL?: string; REDIS_SENTINELS?: string[] }) => boolean, { path: string[] }] = [
  (env) => env.REDIS_URL !== undefined || env.REDIS_SENTINELS !== undefined,
  { path: ['REDIS_URL or REDIS_SENTINELS'] },
];

/** Prepended to every topic name, so that test runs or tenants sharing one cluster never see each other's events. */
export const topicPrefix = z.string().regex(/^[\w.-]*$/, 'may contain only letters, digits, ".", "_" and "-"').default('');

/**
 * A service's Kafka: the brokers, its topic prefix, and how long the group waits for a member that
 * stopped heartbeating before its partitions move to the others (kafkajs' default 30 s). A member
 * that crashes without leaving holds its partitions that long, also against its own restarted
 * process. At least 10 s: a handler waiting in place for a dependency heartbeats once per backoff
 * step (≤ 5 s, ADR 0012), and two steps must fit in a session.
 */
export const kafkaEnv = {
  KAFKA_BROKERS: brokerList,
  KAFKA_TOPIC_PREFIX: topicPrefix,
  KAFKA_SESSION_TIMEOUT_MS: z.coerce.number().int().min(10_000).max(1_800_000).default(30_000),
};

export const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

export const durationMs = z.coerce.number().int().positive();

export const baseEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HTTP_HOST: z.string().default('0.0.0.0'),
  HTTP_PORT: port,
  /** Behind a proxy (HAProxy, an ingress): take the client address from X-Forwarded-For. */
  TRUST_PROXY: flag.default(false),
});

export type BaseEnv = z.output<typeof baseEnvSchema>;
