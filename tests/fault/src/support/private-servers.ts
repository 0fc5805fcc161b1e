import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { infraScript, NativeServer, privateInfraEnv, workspaceRoot } from '@bazaar/shared/testing';

/**
 * The fault suite stops and kills servers, so it never uses the shared ones: it runs its own
 * Kafka, FerretDB and Redis (tools/infra with its own BAZAAR_RUN and ports), fresh for each run.
 */
export const privateRun = join(workspaceRoot, 'tmp/fault/infra');
const ports = { KAFKA_PORT: '19092', KAFKA_CONTROLLER_PORT: '19093', FERRETDB_PORT: '27117', REDIS_PORT: '16379' };
export const privateServers = {
  mongoUrl: `mongodb://127.0.0.1:${ports.FERRETDB_PORT}`,
  kafkaBrokers: `127.0.0.1:${ports.KAFKA_PORT}`,
  redisUrl: `redis://127.0.0.1:${ports.REDIS_PORT}`,
};
const servers: NativeServer[] = ['kafka', 'ferretdb', 'redis'];

/** Redis with its append-only file, as deployed, so a stopped Redis comes back with its carts. */
const infraEnv = () => privateInfraEnv(privateRun, { ...ports, REDIS_APPENDONLY: 'yes' });

export const startPrivate = (server: NativeServer) => infraScript('start', server, infraEnv());
export const stopPrivate = (server: NativeServer) => infraScript('stop', server, infraEnv());

/** Stops whatever an earlier run left, starts from empty data directories. */
export async function startPrivateServers(): Promise<void> {
  await stopPrivateServers();
  rmSync(privateRun, { recursive: true, force: true });
  for (const server of servers) await startPrivate(server);
}

/** Stops every private server, each attempted even when another fails. */
export async function stopPrivateServers(): Promise<void> {
  const results = await Promise.allSettled(servers.map((server) => stopPrivate(server)));
  const failures = results.flatMap((result) => (result.status === 'rejected' ? [(result.reason as Error).message] : []));
  if (failures.length > 0) throw new Error(failures.join('\n'));
}
