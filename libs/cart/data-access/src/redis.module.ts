import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import Redis, { RedisOptions } from 'ioredis';
import type { DependencyCheck } from '@bazaar/shared/health';
import { closeRedis, createRedis, RedisTarget, redisTarget } from '@bazaar/shared/redis';
import { ReplicaAcknowledgement, replicaAcknowledgementSettings } from './replica-acknowledgement';

export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

/**
 * While Redis is unreachable a command waits for one reconnection attempt and then fails, so a
 * cart call answers 503 within a second instead of hanging; the client keeps reconnecting in the
 * background and recovers by itself.
 *
 * A command that was sent but got no answer before the connection dropped is not sent again on
 * the next connection (ioredis does by default): it may have run, and running "+1" twice would put
 * a wrong quantity in the cart. The caller gets a 503 instead (see ReplicaAcknowledgement).
 * Through Sentinel (createRedis), a write that meets a server turned replica fails the same way.
 */
export const CART_REDIS_POLICY: RedisOptions = {
  maxRetriesPerRequest: 1,
  connectTimeout: 2000,
  commandTimeout: 2000,
  retryStrategy: (attempt: number) => Math.min(attempt * 100, 1000),
  autoResendUnfulfilledCommands: false,
};

export function createRedisClient(target: RedisTarget): Redis {
  return createRedis(target, CART_REDIS_POLICY);
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
      useFactory: (config: ConfigService) => createRedisClient(redisTarget(config) ?? config.getOrThrow<string>('REDIS_URL')),
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

  onApplicationShutdown(): Promise<void> {
    return closeRedis(this.redis);
  }
}
