import { basename, join } from 'node:path';
import { ServiceProcess, startBuiltService, workspaceRoot } from './service-process';
import { stackEnv, StackPorts } from './stack-env';
import { serverAddress } from './test-servers';

/** tmp/e2e/<suite>/: each suite's service logs are kept, not overwritten by the next suite's. */
const logDir = () => join(workspaceRoot, 'tmp/e2e', basename(currentTestPath() ?? 'services', '.int-spec.ts'));

/** Jest's current test file, read from the global Jest defines, so this module also loads outside Jest (bench). */
const currentTestPath = () => (globalThis as { expect?: { getState(): { testPath?: string } } }).expect?.getState().testPath;

/** The four services' ports from `base`: HTTP on base..base+3, TCP on base+1001..base+1003. */
export function portsFrom(base: number): StackPorts {
  return {
    gateway: { http: base },
    catalog: { http: base + 1, tcp: base + 1001 },
    cart: { http: base + 2, tcp: base + 1002 },
    order: { http: base + 3, tcp: base + 1003 },
  };
}

/** Ports for this run, away from the defaults so a running `npm run stack` does not collide. */
export const ports = portsFrom(13000);

/** This run's databases and topics, so runs never share data or events. */
const runId = `${process.pid}-${Date.now().toString(36)}`;

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

