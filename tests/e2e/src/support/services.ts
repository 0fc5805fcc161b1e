import { execFileSync } from 'node:child_process';
import { basename, join } from 'node:path';
import { serverAddress, ServiceProcess, startBuiltService, workspaceRoot } from '@bazaar/shared/testing';

export { workspaceRoot };
/** tmp/e2e/<suite>/: each suite's service logs are kept, not overwritten by the next suite's. */
const logDir = () => join(workspaceRoot, 'tmp/e2e', basename(expect.getState().testPath ?? 'services', '.int-spec.ts'));

/** Ports for this run, away from the defaults so a running `npm run stack` does not collide. */
export const ports = {
  gateway: { http: 13000 },
  catalog: { http: 13001, tcp: 14001 },
  cart: { http: 13002, tcp: 14002 },
  order: { http: 13003, tcp: 14003 },
};

/** This run's databases, so runs never share data. */
const runId = `${process.pid}-${Date.now().toString(36)}`;
/** ... and topics, so events left over from an earlier run never reach this run's services. */
const topics = `e2e-${runId}.`;

export function serviceEnv(): Record<string, Record<string, string>> {
  const common = { NODE_ENV: 'test', LOG_LEVEL: 'info', HTTP_HOST: '127.0.0.1', TCP_HOST: '127.0.0.1', TRACING_ENABLED: 'false' };
  const tcp = (name: 'catalog' | 'cart' | 'order') => ({ HTTP_PORT: String(ports[name].http), TCP_PORT: String(ports[name].tcp) });
  return {
    catalog: { ...common, ...tcp('catalog'), MONGO_URL: serverAddress('mongodb'), MONGO_DB: `e2e-catalog-${runId}`, KAFKA_BROKERS: serverAddress('kafka'), KAFKA_TOPIC_PREFIX: topics },
    cart: {
      ...common,
      ...tcp('cart'),
      REDIS_URL: serverAddress('redis'),
      KAFKA_BROKERS: serverAddress('kafka'),
      KAFKA_TOPIC_PREFIX: topics,
      CATALOG_ADDR: `127.0.0.1:${ports.catalog.tcp}`,
    },
    order: {
      ...common,
      ...tcp('order'),
      MONGO_URL: serverAddress('mongodb'),
      MONGO_DB: `e2e-orders-${runId}`,
      KAFKA_BROKERS: serverAddress('kafka'),
      KAFKA_TOPIC_PREFIX: topics,
      CATALOG_ADDR: `127.0.0.1:${ports.catalog.tcp}`,
      CART_ADDR: `127.0.0.1:${ports.cart.tcp}`,
    },
    gateway: {
      ...common,
      HTTP_PORT: String(ports.gateway.http),
      CATALOG_ADDR: `127.0.0.1:${ports.catalog.tcp}`,
      CART_ADDR: `127.0.0.1:${ports.cart.tcp}`,
      ORDER_ADDR: `127.0.0.1:${ports.order.tcp}`,
      SERVICE_CALL_TIMEOUT_MS: '2000',
      RATE_LIMIT_PER_MINUTE: '100000',
      CHECKOUT_RATE_LIMIT_PER_MINUTE: '100000',
      REDIS_URL: serverAddress('redis'),
    },
  };
}

export type RunningService = ServiceProcess;

/** Starts a built service the way production does (see startBuiltService), logging to tmp/e2e. */
export function startService(name: string, env: Record<string, string>, timeoutMs = 30000): Promise<RunningService> {
  return startBuiltService(name, env, { logDir: logDir(), timeoutMs });
}

/** Runs a service to completion, for start-up failures: returns its exit code and output. */
export function runToExit(name: string, env: Record<string, string>): { status: number | null; output: string } {
  const dist = join(workspaceRoot, 'dist/apps', name);
  try {
    const output = execFileSync(process.execPath, ['--require', join(dist, 'instrumentation.js'), join(dist, 'main.js')], {
      env: { PATH: process.env.PATH, ...env },
      encoding: 'utf8',
      stdio: 'pipe',
      timeout: 20000,
    });
    return { status: 0, output };
  } catch (error) {
    const failure = error as { status: number | null; stdout: string; stderr: string };
    return { status: failure.status, output: `${failure.stdout}${failure.stderr}` };
  }
}

export async function waitFor(what: string, timeoutMs: number, condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      if (await condition()) return;
    } catch (error) {
      lastError = error;
      if ((error as Error).message.includes('exited with')) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${(lastError as Error).message}` : ''}`);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test bodies are asserted field by field
export async function getJson(url: string, init: RequestInit = {}): Promise<{ status: number; headers: Headers; body: any }> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(5000) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

/** Starts the four built services (gateway last) and returns them by name; `extraEnv` goes to every one. */
export async function startAllServices(extraEnv: Record<string, string> = {}): Promise<Record<string, RunningService>> {
  const env = serviceEnv();
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

/** Stops and starts one native server through the infra script, for outage tests. */
export function infra(command: 'stop' | 'start', server: 'redis' | 'kafka' | 'ferretdb'): void {
  try {
    execFileSync('bash', [join(workspaceRoot, 'tools/infra/infra.sh'), command, server], { stdio: 'pipe', timeout: 60000 });
  } catch (error) {
    const { stdout, stderr, message } = error as { stdout?: Buffer; stderr?: Buffer; message: string };
    throw new Error(`infra.sh ${command} ${server} failed: ${message}\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

export type Shopper = ReturnType<typeof shopperOf>;

/**
 * A shopper of the API at `api`: remembers the cart cookie the gateway issues. With
 * `unreachableAsStatus0`, a request that gets no answer resolves as status 0 instead of throwing.
 */
export function shopperOf(api: string, { unreachableAsStatus0 = false } = {}) {
  let cookie = '';
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const request = getJson(`${api}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(cookie ? { cookie } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const response = unreachableAsStatus0 ? await request.catch((error: Error) => ({ status: 0, headers: new Headers(), body: { message: error.message } })) : await request;
    cookie = response.headers.get('set-cookie')?.split(';')[0] ?? cookie;
    return response;
  };
}
