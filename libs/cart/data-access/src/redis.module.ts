import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import Redis, { RedisOptions } from 'ioredis';
import type { DependencyCheck } from '@bazaar/shared/health';
import { ReplicaAcknowledgement, replicaAcknowledgementSettings } from './replica-acknowledgement';
import { sentinelAddresses } from './sentinel-addresses';

export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

/** A primary found through Sentinel: the client asks the Sentinels where `name` is, and again after a failover. */
export interface SentinelTarget {
  /** host:port of each Sentinel. */
  sentinels: readonly string[];
  /** The primary's name in the Sentinels' configuration (REDIS_SENTINEL_NAME). */
  name: string;
}

const retryStrategy = (attempt: number) => Math.min(attempt * 100, 1000);

/**
 * While Redis is unreachable a command waits for one reconnection attempt and then fails, so a
 * cart call answers 503 within a second instead of hanging; the client keeps reconnecting in the
 * background and recovers by itself.
 *
 * A command that was sent but got no answer before the connection dropped is not sent again on
 * the next connection (ioredis does by default): it may have run, and running "+1" twice would put
 * a wrong quantity in the cart. The caller gets a 503 instead (see ReplicaAcknowledgement).
 */
const common: RedisOptions = {
  maxRetriesPerRequest: 1,
  connectTimeout: 2000,
  commandTimeout: 2000,
  retryStrategy,
  autoResendUnfulfilledCommands: false,
};

/**
 * Through Sentinel, the client connects to whichever server the Sentinels call primary and checks
 * its role first; after a failover it learns the new one from the Sentinels' `+switch-master`
 * message (failoverDetector) or, when its connection drops, by asking again. A server that turned
 * replica under it answers writes with READONLY: the client reconnects, and that write fails (503).
 */
export function createRedisClient(target: string | SentinelTarget): Redis {
  return typeof target === 'string' ? new Redis(target, common) : new Redis(sentinelOptions(target));
}

export function sentinelOptions(target: SentinelTarget): RedisOptions {
  return {
    ...common,
    sentinels: target.sentinels.map((address) => {
      const [host, port] = address.split(':');
      return { host, port: Number(port) };
    }),
    name: target.name,
    failoverDetector: true,
    sentinelRetryStrategy: retryStrategy,
    reconnectOnError: (error) => (error.message.startsWith('READONLY') ? 1 : false),
  };
}

/** REDIS_SENTINELS (with REDIS_SENTINEL_NAME) when set, else REDIS_URL. */
export function redisTarget(config: ConfigService): string | SentinelTarget {
  const sentinels = sentinelAddresses(config);
  return sentinels?.length ? { sentinels, name: config.getOrThrow<string>('REDIS_SENTINEL_NAME') } : config.getOrThrow<string>('REDIS_URL');
}

export function redisCheck(redis: Redis): DependencyCheck {
  return { name: 'redis', ping: () => redis.ping() };
}

@Global()
@Module({
  providers: [
    {
      provide: REDIS_CLIENT,
      inject: [ConfigService],
      useFactory: (config: ConfigService) => createRedisClient(redisTarget(config)),
    },
    {
      provide: ReplicaAcknowledgement,
      inject: [REDIS_CLIENT, ConfigService],
      useFactory: (redis: Redis, config: ConfigService) => new ReplicaAcknowledgement(redis, replicaAcknowledgementSettings(config)),
    },
  ],
  exports: [REDIS_CLIENT, ReplicaAcknowledgement],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: Redis) {}

  /** QUIT lets the replies in flight arrive; disconnect() then also closes the connections to the Sentinels (failoverDetector), which QUIT leaves open. */
  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
    this.redis.disconnect();
  }
}
