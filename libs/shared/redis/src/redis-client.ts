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
  if (typeof target === 'string') return new Redis(target, policy);
  const redis = new Redis(sentinelOptions(target, policy));
  connectAgainAfterAbortedReconnect(redis, policy.retryStrategy ?? defaultRetryStrategy);
  return redis;
}

/** Clients closed by closeRedis: they stay closed. */
const closing = new WeakSet<Redis>();

/**
 * ioredis (5.x) ends a Sentinel client for good when the Sentinels' `+switch-master` arrives while
 * it is asking them where the primary is during a reconnection: the failover detector closes the
 * connector under the pending connect, which fails ("Connection is closed.") and the client goes
 * from `connecting` straight to `end`, never to reconnect. It happened in about one failover in
 * seven (catalog-cache.failover.int-spec.ts). A close of our own passes through `close` first (or
 * closeRedis), so an end straight after `connecting` is that race: the client connects again.
 */
function connectAgainAfterAbortedReconnect(redis: Redis, retryStrategy: (attempt: number) => unknown): void {
  let last: string = redis.status;
  for (const status of ['connecting', 'connect', 'ready', 'close', 'reconnecting']) redis.on(status, () => (last = status));
  redis.on('end', () => {
    if (last !== 'connecting' || closing.has(redis)) return;
    const delay = retryStrategy(1);
    setTimeout(() => {
      if (redis.status === 'end' && !closing.has(redis)) redis.connect().catch(() => undefined);
    }, typeof delay === 'number' ? delay : 100);
  });
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
  closing.add(redis);
  await redis.quit().catch(() => undefined);
  redis.disconnect();
}
