import { basename, join } from 'node:path';
import { ServiceProcess, startBuiltService, workspaceRoot } from './service-process';
import { serverAddress } from './test-servers';

/** tmp/e2e/<suite>/: each suite's service logs are kept, not overwritten by the next suite's. */
const logDir = () => join(workspaceRoot, 'tmp/e2e', basename(expect.getState().testPath ?? 'services', '.int-spec.ts'));

/** The four services' ports from `base`: HTTP on base..base+3, TCP on base+1001..base+1003. */
export function portsFrom(base: number) {
  return {
    gateway: { http: base },
    catalog: { http: base + 1, tcp: base + 1001 },
    cart: { http: base + 2, tcp: base + 1002 },
    order: { http: base + 3, tcp: base + 1003 },
  };
}
export type StackPorts = ReturnType<typeof portsFrom>;

/** Ports for this run, away from the defaults so a running `npm run stack` does not collide. */
export const ports = portsFrom(13000);

/** This run's databases, so runs never share data. */
const runId = `${process.pid}-${Date.now().toString(36)}`;
/** ... and topics, so events left over from an earlier run never reach this run's services. */
const topics = `e2e-${runId}.`;

export function serviceEnv(at: StackPorts = ports): Record<string, Record<string, string>> {
  const common = { NODE_ENV: 'test', LOG_LEVEL: 'info', HTTP_HOST: '127.0.0.1', TCP_HOST: '127.0.0.1', TRACING_ENABLED: 'false' };
  const tcp = (name: 'catalog' | 'cart' | 'order') => ({ HTTP_PORT: String(at[name].http), TCP_PORT: String(at[name].tcp) });
  return {
    catalog: { ...common, ...tcp('catalog'), MONGO_URL: serverAddress('mongodb'), MONGO_DB: `e2e-catalog-${runId}`, KAFKA_BROKERS: serverAddress('kafka'), KAFKA_TOPIC_PREFIX: topics },
    cart: {
      ...common,
      ...tcp('cart'),
      REDIS_URL: serverAddress('redis'),
      KAFKA_BROKERS: serverAddress('kafka'),
      KAFKA_TOPIC_PREFIX: topics,
      CATALOG_ADDR: `127.0.0.1:${at.catalog.tcp}`,
    },
    order: {
      ...common,
      ...tcp('order'),
      MONGO_URL: serverAddress('mongodb'),
      MONGO_DB: `e2e-orders-${runId}`,
      KAFKA_BROKERS: serverAddress('kafka'),
      KAFKA_TOPIC_PREFIX: topics,
      CATALOG_ADDR: `127.0.0.1:${at.catalog.tcp}`,
      CART_ADDR: `127.0.0.1:${at.cart.tcp}`,
    },
    gateway: {
      ...common,
      HTTP_PORT: String(at.gateway.http),
      CATALOG_ADDR: `127.0.0.1:${at.catalog.tcp}`,
      CART_ADDR: `127.0.0.1:${at.cart.tcp}`,
      ORDER_ADDR: `127.0.0.1:${at.order.tcp}`,
      SERVICE_CALL_TIMEOUT_MS: '2000',
      RATE_LIMIT_PER_MINUTE: '100000',
      CHECKOUT_RATE_LIMIT_PER_MINUTE: '100000',
      REDIS_URL: serverAddress('redis'),
    },
  };
}

export type RunningService = ServiceProcess;

/** Starts a built service the way production does (see startBuiltService), logging to tmp/e2e/<suite>. */
export function startService(name: string, env: Record<string, string>, timeoutMs = 30000): Promise<RunningService> {
  return startBuiltService(name, env, { logDir: logDir(), timeoutMs });
}

/** Starts the four built services (gateway last) on `ports` (the e2e ones by default) and returns them by name; `extraEnv` goes to every one. */
export async function startAllServices(extraEnv: Record<string, string> = {}, ports?: StackPorts): Promise<Record<string, RunningService>> {
  const env = serviceEnv(ports);
  const running: Record<string, RunningService> = {};
  for (const service of await Promise.all(['catalog', 'cart', 'order'].map((name) => startService(name, { ...env[name], ...extraEnv })))) {
    running[service.name] = service;
  }
  running.gateway = await startService('gateway', { ...env.gateway, ...extraEnv });
  return running;
}

export async function stopAllServices(running: Record<string, RunningService>): Promise<void> {
  await Promise.all(Object.values(running).map((service) => service.stop()));
}

