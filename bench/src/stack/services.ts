import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { BenchPorts } from '../bench.settings';
import { infraAddress } from './infra';
import { nodeMemoryEnv } from './node-memory';
import { answersOk, NodeProcess, startNode, waitUntil, workspaceRoot } from './node-process';

export const SERVICES = ['catalog', 'cart', 'order', 'payments', 'gateway'] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface RunningService extends NodeProcess {
  url: string;
  /** performance.now() when it was spawned. */
  spawnedAt: number;
  /** Spawn to the first 200 of /health/ready (every dependency answering), ms. */
  bootMs: number;
}

export interface ServiceLaunch {
  /** The built app under dist/apps/ this runs. */
  app: ServiceName;
  /** A name of its own when two instances of one app run (the traced pair), for its log file. */
  name?: string;
  env: Record<string, string>;
  nodeArgs?: string[];
  /** Another build of the app to run (an A/B against the code before a change); default dist/apps/<app>. */
  dist?: string;
}

/** Names this run's databases and topics, so runs never see each other's data or events. */
export interface RunScope {
  runId: string;
  topicPrefix: string;
  catalogDb: string;
  ordersDb: string;
  paymentsDb: string;
}

export function runScope(runId: string): RunScope {
  return { runId, topicPrefix: `bench-${runId}.`, catalogDb: `bench-catalog-${runId}`, ordersDb: `bench-orders-${runId}`, paymentsDb: `bench-payments-${runId}` };
}

/**
 * Each service's environment (see apps/<name>/src/<name>.env.ts): production mode and log level,
 * production's heap bounds (NODE_OPTIONS), tracing off unless a benchmark turns it on, a rate limit no benchmark reaches, carts that expire
 * soon after the run instead of in a week.
 */
export function serviceEnv(ports: BenchPorts, scope: RunScope, overrides: NodeJS.ProcessEnv = process.env): Record<ServiceName, Record<string, string>> {
  const common = { ...nodeMemoryEnv(), NODE_ENV: 'production', LOG_LEVEL: 'info', HTTP_HOST: '127.0.0.1', TCP_HOST: '127.0.0.1', TRACING_ENABLED: 'false' };
  const kafka = { KAFKA_BROKERS: infraAddress('kafka'), KAFKA_TOPIC_PREFIX: scope.topicPrefix };
  const at = (port: number) => `127.0.0.1:${port}`;
  const env: Record<ServiceName, Record<string, string>> = {
    // Reads uncached (the browse rows measure the bare path); its stock moves still invalidate the cache benchmark's cached catalog.
    catalog: {
      ...common,
      ...kafka,
      HTTP_PORT: `${ports.catalog.http}`,
      TCP_PORT: `${ports.catalog.tcp}`,
      MONGO_URL: infraAddress('ferretdb'),
      MONGO_DB: scope.catalogDb,
      REDIS_URL: infraAddress('redis'),
      CATALOG_CACHE_TTL_MS: '0',
    },
    cart: {
      ...common,
      ...kafka,
      HTTP_PORT: `${ports.cart.http}`,
      TCP_PORT: `${ports.cart.tcp}`,
      REDIS_URL: infraAddress('redis'),
      CATALOG_ADDR: at(ports.catalog.tcp),
      CART_TTL_SECONDS: '3600',
      // The cart's default, named: the add-to-cart baseline caches its snapshots as long.
      PRODUCT_CACHE_TTL_MS: '30000',
    },
    order: {
      ...common,
      ...kafka,
      HTTP_PORT: `${ports.order.http}`,
      TCP_PORT: `${ports.order.tcp}`,
      MONGO_URL: infraAddress('ferretdb'),
      MONGO_DB: scope.ordersDb,
      CATALOG_ADDR: at(ports.catalog.tcp),
      CART_ADDR: at(ports.cart.tcp),
    },
    payments: {
      ...common,
      ...kafka,
      HTTP_PORT: `${ports.payments.http}`,
      TCP_PORT: `${ports.payments.tcp}`,
      MONGO_URL: infraAddress('ferretdb'),
      MONGO_DB: scope.paymentsDb,
    },
    gateway: {
      ...common,
      HTTP_PORT: `${ports.gateway.http}`,
      CATALOG_ADDR: at(ports.catalog.tcp),
      CART_ADDR: at(ports.cart.tcp),
      ORDER_ADDR: at(ports.order.tcp),
      PAYMENTS_ADDR: at(ports.payments.tcp),
      RATE_LIMIT_PER_MINUTE: '1000000000',
      CHECKOUT_RATE_LIMIT_PER_MINUTE: '1000000000',
      REDIS_URL: infraAddress('redis'),
      CART_COOKIE_MAX_AGE_SECONDS: '3600',
      CART_COOKIE_SECRETS: randomBytes(32).toString('hex'),
    },
  };
  for (const service of SERVICES) Object.assign(env[service], tuning(overrides[`BENCH_${service.toUpperCase()}_ENV`]));
  return env;
}

/**
 * BENCH_<SERVICE>_ENV="NAME=value ..." adds to or replaces a service's environment, to try a tuning
 * (e.g. BENCH_GATEWAY_ENV="LOG_LEVEL=warn NODE_OPTIONS=--max-semi-space-size=4").
 */
export function tuning(spec = ''): Record<string, string> {
  return Object.fromEntries(
    spec
      .split(/\s+/)
      .filter(Boolean)
      .map((pair) => {
        const match = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(pair);
        if (!match) throw new Error(`"${pair}" is not NAME=value`);
        return [match[1], match[2]];
      }),
  );
}

/** Starts a built service the way production does (tracing preload, then main.js) and waits until it is ready. */
export async function startService({ app, name = app, env, nodeArgs = [], dist = join(workspaceRoot, 'dist/apps', app) }: ServiceLaunch, timeoutMs = 90_000): Promise<RunningService> {
  const started = performance.now();
  const process = startNode(name, join(dist, 'main.js'), env, [...nodeArgs, '--require', join(dist, 'instrumentation.js')]);
  const url = `http://127.0.0.1:${env.HTTP_PORT}`;
  try {
    await waitUntil(process, '200 from /health/ready', () => answersOk(`${url}/health/ready`), timeoutMs);
  } catch (error) {
    await process.stop();
    throw error;
  }
  return { ...process, url, spawnedAt: started, bootMs: performance.now() - started };
}

export type Stack = Record<ServiceName, RunningService>;

/** The services started at once, as `npm run stack` does; each waits for its own dependencies. */
export async function startStack(env: Record<ServiceName, Record<string, string>>, nodeArgs: Partial<Record<ServiceName, string[]>> = {}): Promise<Stack> {
  const started = await Promise.allSettled(SERVICES.map((app) => startService({ app, env: env[app], nodeArgs: nodeArgs[app] })));
  const running = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failed = started.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) {
    await Promise.all(running.map((service) => service.stop()));
    throw failed.reason;
  }
  return Object.fromEntries(running.map((service) => [service.name, service])) as Stack;
}

export async function stopStack(stack: Partial<Stack>): Promise<void> {
  await Promise.all(Object.values(stack).map((service) => service?.stop()));
}
