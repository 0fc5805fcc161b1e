import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { infraScript, NativeServer, workspaceRoot } from '@bazaar/shared/testing';

// The stack's helpers live in shared/testing, so that the other whole-stack suites (tests/fuzz,
// tests/fault) use them too.
export { edgeServers, gatewayReplicas, getJson, heartbeat, TcpRelay, portsFrom, ports, serviceEnv, type Shopper, shopperOf, startAllServices, startService, stopAllServices, waitFor, workspaceRoot } from '@bazaar/shared/testing';
export type { EdgeProxy, EdgeServer, RunningService, StackPorts } from '@bazaar/shared/testing';

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

/** Stops and starts one native server through the infra script, for outage tests. */
export async function infra(command: 'stop' | 'start', server: NativeServer): Promise<void> {
  await infraScript(command, server);
}
