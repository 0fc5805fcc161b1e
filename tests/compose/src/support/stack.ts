import { execFileSync, spawn } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from '@bazaar/shared/testing';

/** Host ports for the stack under test: not the demo's defaults, which this machine's native servers hold. */
export const hostPorts = {
  BAZAAR_STORE_PORT: '28080',
  BAZAAR_STATS_PORT: '28404',
  BAZAAR_JAEGER_PORT: '28686',
  BAZAAR_MONGO_PORT: '28017',
  BAZAAR_KAFKA_PORT: '28092',
  BAZAAR_REDIS_PORT: '28379',
};
export const project = 'bazaar-compose-test';
export const store = `http://127.0.0.1:${hostPorts.BAZAAR_STORE_PORT}`;
export const jaeger = `http://127.0.0.1:${hostPorts.BAZAAR_JAEGER_PORT}`;
export const stats = `http://127.0.0.1:${hostPorts.BAZAAR_STATS_PORT}/stats;csv`;

const dockerEnv: Record<string, string> = {};
const env = () => ({ ...process.env, ...hostPorts, ...dockerEnv, COMPOSE_BAKE: 'false' });

/** Runs a command in the repository with the engine's environment; its output, or an error with the tail of it. */
export function run(command: string, args: string[], timeoutMs = 10 * 60_000): string {
  try {
    return execFileSync(command, args, { cwd: workspaceRoot, env: env(), encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed: ${(error as Error).message}\n${`${stdout}\n${stderr}`.trim().split('\n').slice(-40).join('\n')}`);
  }
}

/** Starts (or finds) the Docker engine; keeps DOCKER_HOST and DOCKER_CONFIG for every later command. */
export function engineUp(): void {
  for (const line of run('bash', ['tools/compose-test/docker.sh', 'up'], 30 * 60_000).split('\n')) {
    const match = /^export (\w+)=(.*)$/.exec(line);
    if (match) dockerEnv[match[1]] = match[2];
  }
}
export const standIns = () => run('bash', ['tools/compose-test/stand-ins.sh'], 30 * 60_000);
export const engineDown = () => run('bash', ['tools/compose-test/docker.sh', 'down']);

/**
 * The real docker-compose.yml with the stand-ins' override and the health checks' 2 s cadence
 * (tools/compose-test/compose.health-cadence.yml), as the demo's own project name would not collide.
 */
export const compose = (args: string[], timeoutMs?: number) =>
  run('docker', ['compose', '-p', project, '-f', 'docker-compose.yml', '-f', 'tools/compose-test/compose.stand-ins.yml', '-f', 'tools/compose-test/compose.health-cadence.yml', ...args], timeoutMs);
export const docker = (args: string[], timeoutMs?: number) => run('docker', args, timeoutMs);

/** Seconds a step took, for the report. */
export const timings: Record<string, number> = {};
export function timed<T>(step: string, work: () => T): T {
  const t0 = Date.now();
  const result = work();
  timings[step] = Math.round((Date.now() - t0) / 100) / 10;
  return result;
}

/** Prints to the test command's output (Jest's console.log would add a stack location to each line). */
export const say = (text: string) => process.stdout.write(`${text}\n`);

export function writeReport(name: string, data: unknown): string {
  const dir = join(workspaceRoot, 'tmp/test-results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  return file;
}

/** A shopper: fetch through HAProxy with its own cart cookie. */
export function shopper() {
  let cookie = '';
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${store}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(cookie ? { cookie } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    cookie = response.headers.get('set-cookie')?.split(';')[0] ?? cookie;
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  };
}

/** The committed offset of every consumer group's partitions, read through Kafka's published host listener. */
export function consumerOffsets(kafkaLibs: string): Map<string, number> {
  const out = run('java', ['-Xmx128m', '-cp', `${kafkaLibs}/*`, join(__dirname, 'ConsumerOffsets.java'), `127.0.0.1:${hostPorts.BAZAAR_KAFKA_PORT}`], 120_000);
  return new Map(out.trim().split('\n').filter(Boolean).map((line) => {
    const [group, partition, offset] = line.split(' ');
    return [`${group} ${partition}`, Number(offset)];
  }));
}

/** Requests at a steady rate until stopped: each one's time and status (0 = no answer). */
export function heartbeat(path: string, everyMs: number) {
  const beats: Array<{ at: number; status: number }> = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const at = Date.now();
      const status = await fetch(`${store}${path}`, { signal: AbortSignal.timeout(5000) }).then((r) => r.status, () => 0);
      beats.push({ at, status });
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, everyMs - (Date.now() - at))));
    }
  })();
  return { beats, stop: async () => { running = false; await loop; return beats; } };
}

/** Runs a command in the background (the load-free `docker stop` while the heartbeat goes on). */
export function background(command: string, args: string[]): Promise<number> {
  return new Promise((resolve) => spawn(command, args, { cwd: workspaceRoot, env: env(), stdio: 'ignore' }).on('exit', (code) => resolve(code ?? 1)));
}
