import Redis, { RedisOptions } from 'ioredis';
import type { RedisTarget, SentinelTarget } from './redis-target';

const defaultRetryStrategy = (attempt: number) => Math.min(attempt * 100, 1000);

/**
 * A client of `target` with the caller's own policy (timeouts, retries, offline queue). Through
 * Sentinel it connects to whichever server the Sentinels call primary and checks its role first;
 * after a failover it learns the new one from the Sentinels' `+switch-master` message
 * (failoverDetector) or, when its connection drops, by asking again. A server that turned replica
 * under it answers writes with READONLY: the client reconnects to the primary, and that command fails.
 */
export function createRedis(target: RedisTarget, policy: RedisOptions = {}): Redis {
  return typeof target === 'string' ? new Redis(target, policy) : new Redis(sentinelOptions(target, policy));
}

export function sentinelOptions(target: SentinelTarget, policy: RedisOptions = {}): RedisOptions {
  return {
    ...policy,
    sentinels: target.sentinels.map((address) => {
      const [host, port] = address.split(':');
      return { host, port: Number(port) };
    }),
    name: target.name,
    failoverDetector: true,
    sentinelRetryStrategy: policy.retryStrategy ?? defaultRetryStrategy,
    reconnectOnError: (error) => (error.message.startsWith('READONLY') ? 1 : false),
  };
}

/** QUIT lets the replies in flight arrive; disconnect() then also closes the connections to the Sentinels (failoverDetector), which QUIT leaves open. */
export async function closeRedis(redis: Redis): Promise<void> {
  await redis.quit().catch(() => undefined);
  redis.disconnect();
}
