import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts } from './free-port';
import { workspaceRoot } from './service-process';
import { requireServer, serverAddress } from './test-servers';

const infra = (command: string, env: NodeJS.ProcessEnv) =>
  new Promise<string>((resolve, reject) =>
    execFile('bash', [join(workspaceRoot, 'tools/infra/infra.sh'), command], { env, timeout: 90000, encoding: 'utf8' }, (error, stdout, stderr) =>
      error ? reject(new Error(`infra.sh ${command}: ${error.message}\n${stdout}${stderr}`)) : resolve(`${stdout}${stderr}`),
    ),
  );

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
