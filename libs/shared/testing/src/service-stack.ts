import { basename, join } from 'node:path';
import { startEdgeProxy } from './edge-proxy';
import { ServiceProcess, startBuiltService, workspaceRoot } from './service-process';
import { stackEnv, StackPorts } from './stack-env';
import { serverAddress } from './test-servers';
import { registerTestTopics } from './test-topics';

/** tmp/e2e/<suite>/: each suite's service logs are kept, not overwritten by the next suite's. */
const logDir = () => join(workspaceRoot, 'tmp/e2e', basename(currentTestPath() ?? 'services', '.int-spec.ts'));

/** Jest's current test file, read from the global Jest defines, so this module also loads outside Jest (bench). */
const currentTestPath = () => (globalThis as { expect?: { getState(): { testPath?: string } } }).expect?.getState().testPath;

/**
 * The stack's ports from `base`, laid out as `npm run stack` lays them out: the store (HAProxy) on
 * base, catalog, cart and order on base+1..base+3 (TCP +1000), the two gateway replicas on base+4
 * and base+5, HAProxy's stats on base+6, payments on base+7 (TCP +1000).
 */
export function portsFrom(base: number): EdgeStackPorts {
  return {
    gateway: { http: base + 4 },
    catalog: { http: base + 1, tcp: base + 1001 },
    cart: { http: base + 2, tcp: base + 1002 },
    order: { http: base + 3, tcp: base + 1003 },
    payments: { http: base + 7, tcp: base + 1007 },
    edge: { store: base, stats: base + 6, gateway2: base + 5 },
  };
}

/** The ports of a stack with HAProxy in front of its two gateway replicas. */
export type EdgeStackPorts = StackPorts & { edge: NonNullable<StackPorts['edge']> };

/** Ports for this run, away from the defaults so a running `npm run stack` does not collide. */
export const ports = portsFrom(13000);

/** This run's databases and topics, so runs never share data or events. */
const runId = `${process.pid}-${Date.now().toString(36)}`;
registerTestTopics(`e2e-${runId}.`);

/** The services' environment on the shared test servers, on `at` (the e2e ports by default). */
export function serviceEnv(at: StackPorts = ports): Record<string, Record<string, string>> {
  return stackEnv({
    ports: at,
    servers: { mongoUrl: serverAddress('mongodb'), kafkaBrokers: serverAddress('kafka'), redisUrl: serverAddress('redis') },
    runId,
    dbPrefix: 'e2e',
    topicPrefix: `e2e-${runId}.`,
  });
}

export type RunningService = ServiceProcess;

/** Starts a built service the way production does (see startBuiltService), logging to tmp/e2e/<suite>/<logName>.log. */
export function startService(name: string, env: Record<string, string>, timeoutMs = 30000, logName = name): Promise<RunningService> {
  return startBuiltService(name, env, { logDir: logDir(), timeoutMs, logName });
}

/** The services behind the gateways, started together before them. */
export const BACKEND_SERVICES = ['catalog', 'cart', 'order', 'payments'] as const;

/**
 * The built services (gateways last) on `at` (the e2e ports by default), by name: catalog, cart,
 * order, payments, two gateway replicas (`gateway`, `gateway-2`) and, in front of them, HAProxy (`haproxy`,
 * whose url is the store's) with deploy/haproxy/haproxy.cfg, as compose runs them. `extraEnv` goes
 * to every service, `gatewayEnv` to the gateways only.
 */
export async function startAllServices(extraEnv: Record<string, string> = {}, at: EdgeStackPorts = ports, gatewayEnv: Record<string, string> = {}): Promise<Record<string, RunningService>> {
  const env = serviceEnv(at);
  const running: Record<string, RunningService> = {};
  for (const service of await Promise.all(BACKEND_SERVICES.map((name) => startService(name, { ...env[name], ...extraEnv })))) {
    running[service.name] = service;
  }
  const { edge } = at;
  const replicas = gatewayReplicas(env.gateway, edge.gateway2, { ...extraEnv, ...gatewayEnv });
  try {
    const [first, second] = await Promise.all(replicas.map(({ name, env: vars }) => startService('gateway', vars, 30000, name)));
    Object.assign(running, { gateway: first, 'gateway-2': second });
    running.haproxy = await startEdgeProxy({ store: edge.store, stats: edge.stats, gateways: [`127.0.0.1:${at.gateway.http}`, `127.0.0.1:${edge.gateway2}`] }, { logDir: logDir() });
  } catch (error) {
    await stopAllServices(running);
    throw error;
  }
  return running;
}

/** The two gateway replicas' names and environments: the same settings, each its own port; they trust HAProxy's one hop, as in compose. */
export function gatewayReplicas(gateway: Record<string, string>, secondPort: number, extra: Record<string, string> = {}): { name: string; env: Record<string, string> }[] {
  const common = { ...gateway, TRUST_PROXY: '1', ...extra };
  return [
    { name: 'gateway', env: common },
    { name: 'gateway-2', env: { ...common, HTTP_PORT: String(secondPort) } },
  ];
}


export async function stopAllServices(running: Record<string, RunningService>): Promise<void> {
  await Promise.all(Object.values(running).map((service) => service.stop()));
}

