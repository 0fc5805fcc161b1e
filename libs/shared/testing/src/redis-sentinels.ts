import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Redis from 'ioredis';
import { eventually } from './eventually';
import { freePorts } from './free-port';
import { infraScript, NativeServer, privateInfraEnv } from './native-servers';

const SERVERS: NativeServer[] = ['redis', 'replica', 'sentinel1', 'sentinel2', 'sentinel3'];

/**
 * A Redis primary, its replica and three Sentinels of a test's own (tools/infra with a private
 * BAZAAR_RUN and ports; the shared servers are never touched), so the test may kill the primary.
 * The Sentinels watch it as `bazaar` and promote the replica `downAfterMs` after it stops answering.
 */
export class PrivateRedisSentinels {
  private probe?: Redis;

  private constructor(
    private readonly run: string,
    private readonly env: NodeJS.ProcessEnv,
    readonly ports: { primary: number; replica: number; sentinels: number[] },
  ) {}

  /** `run`: the BAZAAR_RUN directory of these servers (emptied first, removed by stop()). */
  static async start(run: string, downAfterMs = 1000): Promise<PrivateRedisSentinels> {
    const [primary, replica, ...sentinels] = await freePorts(5);
    const env = privateInfraEnv(run, {
      REDIS_PORT: String(primary),
      REDIS_REPLICA_PORT: String(replica),
      REDIS_SENTINEL_PORTS: sentinels.join(' '),
      REDIS_SENTINEL_DOWN_AFTER_MS: String(downAfterMs),
      REDIS_SENTINEL_FAILOVER_TIMEOUT_MS: '5000',
    });
    // Set, they would make infra.sh treat the Sentinels as external.
    delete env.REDIS_SENTINELS;
    delete env.REDIS_SENTINEL_NAME;
    rmSync(run, { recursive: true, force: true });
    const servers = new PrivateRedisSentinels(run, env, { primary, replica, sentinels });
    try {
      for (const server of SERVERS) await servers.infra('start', server);
    } catch (error) {
      await servers.stop();
      throw error;
    }
    return servers;
  }

  /** REDIS_SENTINELS and REDIS_SENTINEL_NAME for a client of these servers. */
  get settings(): { REDIS_SENTINELS: string[]; REDIS_SENTINEL_NAME: string } {
    return { REDIS_SENTINELS: this.ports.sentinels.map((port) => `127.0.0.1:${port}`), REDIS_SENTINEL_NAME: 'bazaar' };
  }

  /** The port of the server the Sentinels call primary now. */
  async primaryPort(): Promise<number | undefined> {
    this.probe ??= new Redis({ host: '127.0.0.1', port: this.ports.sentinels[0], maxRetriesPerRequest: 1 });
    const address = (await this.probe.call('SENTINEL', 'get-master-addr-by-name', 'bazaar').catch(() => [])) as string[];
    return address[1] ? Number(address[1]) : undefined;
  }

  /** SIGKILL to the first primary: no goodbye to its clients or replica. */
  killPrimary(): void {
    process.kill(Number(readFileSync(join(this.run, 'pids/redis.pid'), 'utf8').split(' ')[0]), 'SIGKILL');
  }

  /** Until the Sentinels name the replica as primary. */
  async promoted(timeoutMs = 30_000): Promise<void> {
    await eventually(async () => ((await this.primaryPort()) === this.ports.replica ? true : undefined), 'the Sentinels to promote the replica', timeoutMs);
  }

  /** infra.sh starts the killed primary again, as a replica of the primary the Sentinels name. */
  restartFirstPrimary(): Promise<string> {
    return this.infra('start', 'redis');
  }

  async stop(): Promise<void> {
    this.probe?.disconnect();
    for (const server of SERVERS) await this.infra('stop', server).catch(() => undefined);
    rmSync(this.run, { recursive: true, force: true });
  }

  private infra(command: 'start' | 'stop', server: NativeServer): Promise<string> {
    return infraScript(command, server, this.env);
  }
}
