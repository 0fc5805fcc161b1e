import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, stopProcess, workspaceRoot } from '@bazaar/shared/testing';
import { FakeDownstream, startEdgeApp } from '../testing/edge-app';
import { trustedProxies } from './trusted-proxies';

const LIMIT = 5;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** deploy/haproxy/haproxy.cfg as it is, with its addresses moved to this host: only the binds and the server line change. */
function projectConfig(proxyPort: number, statsPort: number, gatewayPort: number): string {
  const config = readFileSync(join(workspaceRoot, 'deploy/haproxy/haproxy.cfg'), 'utf8');
  const rendered = config
    .replace(/^[ \t]*bind :8080$/m, `  bind 127.0.0.1:${proxyPort}`)
    .replace(/^[ \t]*bind :8404$/m, `  bind 127.0.0.1:${statsPort}`)
    .replace(/^[ \t]*server-template .*$/m, `  server gateway1 127.0.0.1:${gatewayPort}`)
    .replace(/^resolvers docker\n(?:[ \t]+.*\n)+/m, '');
  if ([`:${proxyPort}`, `:${statsPort}`, `:${gatewayPort}`].some((address) => !rendered.includes(address))) throw new Error('haproxy.cfg changed shape: update projectConfig');
  return rendered;
}

const randomAddress = () => Array.from({ length: 4 }, () => Math.floor(Math.random() * 254) + 1).join('.');

// The rate limit keys on the client's address: behind HAProxy that is X-Forwarded-For, which a
// client can send itself. A new forged address per request must not buy a new allowance.
describe('the client address behind HAProxy (Debian haproxy, deploy/haproxy/haproxy.cfg)', () => {
  let dir: string;
  let haproxy: ChildProcess;
  let edge: Awaited<ReturnType<typeof startEdgeApp>>;
  let proxy: string;

  beforeAll(async () => {
    execFileSync('bash', [join(workspaceRoot, 'tools/infra/haproxy-install.sh')], { stdio: 'inherit', timeout: 300_000 });
    // As compose and the Helm chart configure the gateway: one trusted hop.
    edge = await startEdgeApp(new FakeDownstream(() => []), { RATE_LIMIT_PER_MINUTE: LIMIT }, trustedProxies.parse('1'));
    await edge.app.listen(0, '127.0.0.1');
    const gatewayPort = (edge.fastify.server.address() as { port: number }).port;
    const [proxyPort, statsPort] = [await freePort(), await freePort()];
    dir = mkdtempSync(join(tmpdir(), 'haproxy-'));
    writeFileSync(join(dir, 'haproxy.cfg'), projectConfig(proxyPort, statsPort, gatewayPort));
    execFileSync('haproxy', ['-c', '-q', '-f', join(dir, 'haproxy.cfg')]);
    haproxy = spawn('haproxy', ['-db', '-f', join(dir, 'haproxy.cfg')], { stdio: 'ignore' });
    proxy = `http://127.0.0.1:${proxyPort}`;
    await eventually(async () => ((await fetch(`http://127.0.0.1:${statsPort}/healthz`).catch(() => undefined))?.ok ? true : undefined), 'haproxy to listen', 10_000);
  }, 360_000);
  afterAll(async () => {
    await stopProcess(haproxy);
    await edge?.app.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps limiting a client that forges a new X-Forwarded-For on every request', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 3; i++) {
      const response = await fetch(`${proxy}/api/categories`, { headers: { 'x-forwarded-for': randomAddress() } });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([...Array(LIMIT).fill(200), 429, 429, 429]);
  });
});
