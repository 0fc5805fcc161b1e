import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { eventually } from './eventually';
import { ServiceProcess, stopProcess, tailFile, workspaceRoot } from './service-process';

/** The one HAProxy configuration of compose, `npm run stack` and the tests; only its addresses differ. */
export const haproxyConfig = join(workspaceRoot, 'deploy/haproxy/haproxy.cfg');

export interface EdgeAddresses {
  /** The store's port (HAProxy's frontend), on 127.0.0.1. */
  store: number;
  /** HAProxy's stats page (`/stats`, `/stats;csv`), on 127.0.0.1. */
  stats: number;
  /** The two gateway replicas, host:port. */
  gateways: [string, string];
}

/** The variables that move haproxy.cfg from compose's addresses (its defaults) to this host's. */
export function edgeEnv({ store, stats, gateways }: EdgeAddresses): Record<string, string> {
  return { STORE_BIND: `127.0.0.1:${store}`, STATS_BIND: `127.0.0.1:${stats}`, GATEWAY_1_ADDR: gateways[0], GATEWAY_2_ADDR: gateways[1] };
}

export interface EdgeServer {
  /** `gateway1`, `gateway2`: the server lines of haproxy.cfg. */
  name: string;
  /** UP, DOWN, `DOWN 1/2` (going up), `UP 1/2` (going down), MAINT... */
  status: string;
  /** Requests HAProxy has sent it (health checks not counted). */
  requests: number;
  /** The last health check's result: L7OK, L7STS (a non-200 answer), L4CON (refused)... */
  lastCheck: string;
}

/** The gateway servers as HAProxy's stats page reports them (its CSV export). */
export async function edgeServers(statsUrl: string): Promise<EdgeServer[]> {
  return parseEdgeServers(await (await fetch(`${statsUrl}/stats;csv`, { signal: AbortSignal.timeout(2000) })).text());
}

/** The `gateways` backend's servers in HAProxy's stats CSV (columns by the header's names). */
export function parseEdgeServers(csv: string): EdgeServer[] {
  const [header, ...rows] = csv.trim().split('\n');
  const columns = header.replace(/^# /, '').split(',');
  const column = (fields: string[], name: string) => fields[columns.indexOf(name)];
  return rows
    .map((row) => row.split(','))
    .filter((fields) => fields[0] === 'gateways' && fields[1] !== 'BACKEND')
    .map((fields) => ({ name: fields[1], status: column(fields, 'status'), requests: Number(column(fields, 'stot')), lastCheck: column(fields, 'check_status') }));
}

export interface EdgeProxy extends ServiceProcess {
  statsUrl: string;
  servers(): Promise<EdgeServer[]>;
}

let installed = false;

/**
 * Debian's haproxy (tools/infra/haproxy-install.sh installs it when missing) running
 * deploy/haproxy/haproxy.cfg in front of two gateways; resolves once both have passed a health check.
 */
export async function startEdgeProxy(addresses: EdgeAddresses, { logDir, timeoutMs = 20000 }: { logDir: string; timeoutMs?: number }): Promise<EdgeProxy> {
  if (!installed) {
    execFileSync('bash', [join(workspaceRoot, 'tools/infra/haproxy-install.sh')], { stdio: 'inherit', timeout: 300_000 });
    installed = true;
  }
  const env = { PATH: process.env.PATH, ...edgeEnv(addresses) };
  execFileSync('haproxy', ['-c', '-q', '-f', haproxyConfig], { env, stdio: 'pipe' });
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, 'haproxy.log');
  const log = createWriteStream(logFile);
  const child = spawn('haproxy', ['-db', '-f', haproxyConfig], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const statsUrl = `http://127.0.0.1:${addresses.stats}`;
  const proxy: EdgeProxy = {
    name: 'haproxy',
    url: `http://127.0.0.1:${addresses.store}`,
    process: child,
    logFile,
    stop: () => stopProcess(child),
    statsUrl,
    servers: () => edgeServers(statsUrl),
  };
  try {
    await eventually(
      async () => {
        if (child.exitCode !== null) throw new Error(`haproxy exited with ${child.exitCode}:\n${tailFile(logFile)}`);
        const servers = await proxy.servers().catch(() => []);
        return servers.length === 2 && servers.every((server) => server.status === 'UP' && server.lastCheck === 'L7OK') ? true : undefined;
      },
      `HAProxy to see both gateways ready (log: ${logFile})`,
      timeoutMs,
    );
  } catch (error) {
    await proxy.stop();
    throw error;
  }
  return proxy;
}
