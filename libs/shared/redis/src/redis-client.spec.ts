import { closeRedis, createRedis, sentinelOptions } from './redis-client';

describe('a Redis client through Sentinel', () => {
  it('asks the Sentinels for the primary, follows +switch-master, and reconnects when a write meets a replica', () => {
    const retryStrategy = (attempt: number) => attempt;
    const options = sentinelOptions({ sentinels: ['127.0.0.1:1', 'h:2'], name: 'bazaar' }, { retryStrategy });
    expect(options).toMatchObject({
      sentinels: [
        { host: '127.0.0.1', port: 1 },
        { host: 'h', port: 2 },
      ],
      name: 'bazaar',
      failoverDetector: true,
      sentinelRetryStrategy: retryStrategy,
    });
    expect(options.reconnectOnError?.(new Error("READONLY You can't write against a read only replica."))).toBe(1);
    expect(options.reconnectOnError?.(new Error('ERR syntax error'))).toBe(false);
  });

  it('keeps the caller’s policy, on either target', () => {
    const policy = { enableOfflineQueue: false, commandTimeout: 300, maxRetriesPerRequest: 0, keyPrefix: 'p:', lazyConnect: true };
    for (const target of ['redis://127.0.0.1:1', { sentinels: ['127.0.0.1:1'], name: 'bazaar' }]) {
      const redis = createRedis(target, policy);
      expect(redis.options).toMatchObject({ enableOfflineQueue: false, commandTimeout: 300, maxRetriesPerRequest: 0, keyPrefix: 'p:' });
      redis.disconnect();
    }
    expect(createRedis({ sentinels: ['127.0.0.1:1'], name: 'bazaar' }, { lazyConnect: true }).options).toMatchObject({ name: 'bazaar', failoverDetector: true });
  });

  describe('a reconnection aborted by the failover detector (connecting, then end)', () => {
    const sentinelClient = () => {
      const redis = createRedis({ sentinels: ['127.0.0.1:1'], name: 'bazaar' }, { lazyConnect: true, retryStrategy: () => 1 });
      const connect = jest.spyOn(redis, 'connect').mockResolvedValue(undefined);
      const abortedReconnect = () => {
        redis.emit('connecting');
        Object.assign(redis, { status: 'end' });
        redis.emit('end');
      };
      return { redis, connect, abortedReconnect };
    };
    const settled = () => new Promise((resolve) => setTimeout(resolve, 20));

    it('connects again', async () => {
      const { connect, abortedReconnect } = sentinelClient();
      abortedReconnect();
      await settled();
      expect(connect).toHaveBeenCalledTimes(1);
    });

    it('stays closed once closed by closeRedis, or after an ordinary close', async () => {
      const closed = sentinelClient();
      await closeRedis(closed.redis);
      // QUIT on a client that never connected asks it to connect first.
      closed.connect.mockClear();
      closed.abortedReconnect();
      const ordinary = sentinelClient();
      ordinary.redis.emit('close');
      Object.assign(ordinary.redis, { status: 'end' });
      ordinary.redis.emit('end');
      await settled();
      expect(closed.connect).not.toHaveBeenCalled();
      expect(ordinary.connect).not.toHaveBeenCalled();
      ordinary.redis.disconnect();
    });
  });
});
