import { execFileSync } from 'node:child_process';
import { basename, join } from 'node:path';
import { infraScript, NativeServer, serverAddress, ServiceProcess, stackEnv, startBuiltService, workspaceRoot } from '@bazaar/shared/testing';

export { getJson, type Shopper, shopperOf, waitFor } from '@bazaar/shared/testing';

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

/** This run's databases and topics, so runs never share data or events. */
const runId = `${process.pid}-${Date.now().toString(36)}`;

export function serviceEnv(): Record<string, Record<string, string>> {
  return stackEnv({
    ports,
    servers: { mongoUrl: serverAddress('mongodb'), kafkaBrokers: serverAddress('kafka'), redisUrl: serverAddress('redis') },
    runId,
    dbPrefix: 'e2e',
    topicPrefix: `e2e-${runId}.`,
  });
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
export async function infra(command: 'stop' | 'start', server: NativeServer): Promise<void> {
  await infraScript(command, server);
}
