import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { workspaceRoot } from '@bazaar/shared/testing';

// The stack's helpers live in shared/testing, so that other whole-stack suites (tests/fuzz) use them too.
export { portsFrom, ports, serviceEnv, startAllServices, startService, stopAllServices, workspaceRoot } from '@bazaar/shared/testing';
export type { RunningService, StackPorts } from '@bazaar/shared/testing';

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
