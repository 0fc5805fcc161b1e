import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts } from './free-port';
import { workspaceRoot } from './service-process';
import { requireServer, serverAddress } from './test-servers';

const infra = (command: string, env: NodeJS.ProcessEnv, ...args: string[]) =>
  new Promise<string>((resolve, reject) =>
    execFile('bash', [join(workspaceRoot, 'tools/infra/infra.sh'), command, ...args], { env, timeout: 90000, encoding: 'utf8' }, (error, stdout, stderr) =>
      error ? reject(new Error(`infra.sh ${command}: ${error.message}\n${stdout}${stderr}`)) : resolve(`${stdout}${stderr}`),
    ),
  );

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

// `npm run stack` with servers of one's own (README): a REDIS_URL set elsewhere brings its own
// replication, so up must not start a replica and Sentinels beside it (nothing would stop them).
describe('infra.sh up with every server external', () => {
  const run = mkdtempSync(join(tmpdir(), 'bazaar-infra-'));
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    await Promise.all([requireServer('mongodb'), requireServer('kafka'), requireServer('redis'), requireServer('jaeger')]);
    // The same servers under another spelling of their host: external to this run, and reachable.
    const external = (address: string) => address.replace(/127\.0\.0\.1/g, 'localhost');
    const [replica, ...sentinels] = await freePorts(4);
    env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      BAZAAR_RUN: run,
      REDIS_REPLICATION: '1',
      REDIS_REPLICA_PORT: String(replica),
      REDIS_SENTINEL_PORTS: sentinels.join(' '),
      MONGO_URL: external(serverAddress('mongodb')),
      KAFKA_BROKERS: external(serverAddress('kafka')),
      REDIS_URL: external(serverAddress('redis')),
      JAEGER_QUERY_URL: external(serverAddress('jaeger')),
    };
  });

  afterAll(async () => {
    await infra('down', env).catch(() => undefined);
    rmSync(run, { recursive: true, force: true });
  });

  it('starts nothing, not even Redis replication', async () => {
    const output = await infra('up', env);
    expect(output).toContain('redis: using REDIS_URL=');
    expect(['replica', 'sentinel1', 'sentinel2', 'sentinel3'].filter((server) => existsSync(join(run, 'pids', `${server}.pid`)))).toEqual([]);
  }, 120000);
});

// npm run stack on a cold cache (issue #16): the store must not wait for Jaeger's build. The build
// here asks a module proxy that never answers, so it stays "building" without using the CPU.
describe('infra.sh up --build-later', () => {
  const run = mkdtempSync(join(tmpdir(), 'bazaar-infra-later-'));
  const sockets: Socket[] = [];
  let proxy: Server;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    await Promise.all([requireServer('mongodb'), requireServer('kafka'), requireServer('redis')]);
    proxy = createServer((socket) => void sockets.push(socket));
    const [proxyPort, query, http, grpc, queryGrpc] = await freePorts(5);
    await new Promise<void>((resolve) => proxy.listen(proxyPort, '127.0.0.1', resolve));
    const external = (address: string) => address.replace(/127\.0\.0\.1/g, 'localhost');
    env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      BAZAAR_RUN: join(run, 'run'),
      BAZAAR_CACHE: join(run, 'cache'),
      GOMODCACHE: join(run, 'go-mod'),
      GOCACHE: join(run, 'go-build'),
      GOPROXY: `http://127.0.0.1:${proxyPort}`,
      MONGO_URL: external(serverAddress('mongodb')),
      KAFKA_BROKERS: external(serverAddress('kafka')),
      REDIS_URL: external(serverAddress('redis')),
      JAEGER_QUERY_PORT: String(query),
      JAEGER_OTLP_HTTP_PORT: String(http),
      JAEGER_OTLP_GRPC_PORT: String(grpc),
      JAEGER_QUERY_GRPC_PORT: String(queryGrpc),
    };
  });

  afterAll(async () => {
    await infra('down', env).catch(() => undefined);
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => proxy.close(resolve));
    rmSync(run, { recursive: true, force: true });
  });

  it('returns while Jaeger builds, names its address, and stop ends the build', async () => {
    const output = await infra('up', env, '--build-later');
    expect(output).toContain('jaeger: building in the background, starts when built; not waited for');
    const [builder] = readFileSync(join(run, 'run/pids/jaeger-join.pid'), 'utf8').split(' ').map(Number);
    expect(alive(builder)).toBe(true);
    expect(await infra('status', env)).toMatch(/^jaeger +building +http:\/\/127\.0\.0\.1:\d+ +pid \d+, starts when built/m);
    const exported = await infra('env', env);
    expect(exported).toContain(`export JAEGER_QUERY_URL=http://127.0.0.1:${env.JAEGER_QUERY_PORT}`);
    expect(exported).toContain(`export OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:${env.JAEGER_OTLP_HTTP_PORT}`);

    expect(await infra('stop', env, 'jaeger')).toContain(`jaeger: stopped its build in the background (pid ${builder})`);
    // The builder's whole process group (go and its children) got SIGTERM: wait for it to go.
    for (let i = 0; i < 50 && alive(builder); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(alive(builder)).toBe(false);
    expect(await infra('status', env)).toMatch(/^jaeger +stopped/m);
  }, 120000);
});
