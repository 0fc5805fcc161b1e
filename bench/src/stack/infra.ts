import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { requireServer, serverAddress, ServerName } from '@bazaar/shared/testing';
import { workspaceRoot } from './node-process';

const run = promisify(execFile);
const infraScript = join(workspaceRoot, 'tools/infra/infra.sh');

export const INFRA_SERVERS = ['kafka', 'ferretdb', 'redis'] as const;
export type InfraServer = (typeof INFRA_SERVERS)[number];

/** infra.sh's names for the servers, against @bazaar/shared/testing's names for what they serve. */
const SERVED: Record<InfraServer, ServerName> = { kafka: 'kafka', ferretdb: 'mongodb', redis: 'redis' };

export interface InfraStart {
  /** Seconds `infra.sh up` took: a server start when they were stopped, a quick check when running. */
  seconds: number;
  /** What infra.sh reported per server, e.g. "4.3.1 started in 14s" or "already running". */
  report: Partial<Record<StackServer, { version: string; how: string }>>;
}

/**
 * `tools/infra/infra.sh up`, as `npm run stack` does (installs nothing when cached, starts what is
 * stopped, only checks servers named by MONGO_URL / KAFKA_BROKERS / REDIS_URL), then takes the
 * addresses it prints into this process's environment.
 */
export async function infraUp(): Promise<InfraStart> {
  const started = Date.now();
  const { stdout } = await run('bash', [infraScript, 'up'], { cwd: workspaceRoot, maxBuffer: 1 << 20 });
  const seconds = (Date.now() - started) / 1000;
  const { stdout: exports } = await run('bash', [infraScript, 'env'], { cwd: workspaceRoot });
  for (const [, name, value] of exports.matchAll(/^export (\w+)=(.*)$/gm)) process.env[name] = unquote(value);
  return { seconds, report: parseUpReport(stdout) };
}

/** Lines like `kafka 4.3.1 ready on 127.0.0.1:9092 (pid 1646, started in 14s)`. */
export function parseUpReport(stdout: string): InfraStart['report'] {
  const report: InfraStart['report'] = {};
  for (const [, name, version, how] of stdout.matchAll(/^(kafka|ferretdb|redis|jaeger) (\S+) ready on \S+ \(pid \d+, ([^)]+)\)$/gm)) {
    report[name as StackServer] = { version, how };
  }
  return report;
}

/** %q-quoting of simple addresses leaves them bare; a quoted one loses its quotes. */
function unquote(value: string): string {
  return value.replace(/^'(.*)'$/, '$1').replace(/\\(.)/g, '$1');
}

/** In smoke mode the servers are the test command's: fail fast, naming any that is not there. */
export async function requireInfra(): Promise<void> {
  await Promise.all(INFRA_SERVERS.map((server) => requireServer(SERVED[server])));
}

export function infraAddress(server: InfraServer): string {
  return serverAddress(SERVED[server]);
}

/** What the native stack runs besides the services: the three servers and, when infra.sh runs it, Jaeger. */
export const STACK_SERVERS = [...INFRA_SERVERS, 'jaeger'] as const;
export type StackServer = (typeof STACK_SERVERS)[number];

/**
 * The pid of the local process listening on a server's port (Kafka's JVM, ferretdb, redis-server,
 * jaeger), for its memory; undefined when the server runs elsewhere or not at all.
 */
export async function listeningPid(server: StackServer): Promise<number | undefined> {
  const address = server === 'jaeger' ? process.env.JAEGER_QUERY_URL : infraAddress(server);
  const port = address && /:(\d+)/.exec(address.split(',')[0])?.[1];
  if (!port) return undefined;
  const { stdout } = await run('ss', ['-Hltnp', `sport = :${port}`]).catch(() => ({ stdout: '' }));
  const pid = /pid=(\d+)/.exec(stdout)?.[1];
  return pid ? Number(pid) : undefined;
}
