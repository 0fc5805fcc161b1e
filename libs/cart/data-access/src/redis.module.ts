import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import Redis from 'ioredis';
import type { DependencyCheck } from '@bazaar/shared/health';

export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

/**
 * While Redis is unreachable a command waits for one reconnection attempt and then fails, so a
 * cart call answers 503 within a second instead of hanging; the client keeps reconnecting in the
 * background and recovers by itself.
 */
export function createRedisClient(url: string): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    commandTimeout: 2000,
    retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
  });
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
      useFactory: (config: ConfigService) => createRedisClient(config.getOrThrow<string>('REDIS_URL')),
    },
  ],
  exports: [REDIS_CLIENT],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
