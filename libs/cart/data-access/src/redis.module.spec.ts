import { redisTarget, sentinelOptions } from './redis.module';

const config = (values: Record<string, unknown>) =>
  ({
    get: (key: string) => values[key],
    getOrThrow: (key: string) => {
      if (values[key] === undefined) throw new Error(`${key} missing`);
      return values[key];
    },
  }) as never;

describe('the cart’s Redis connection', () => {
  it('goes through the Sentinels when REDIS_SENTINELS is set, else to REDIS_URL', () => {
    expect(redisTarget(config({ REDIS_SENTINELS: ['127.0.0.1:26379', 'h:26380'], REDIS_SENTINEL_NAME: 'bazaar', REDIS_URL: 'redis://x:1' }))).toEqual({
      sentinels: ['127.0.0.1:26379', 'h:26380'],
      name: 'bazaar',
    });
    expect(redisTarget(config({ REDIS_URL: 'redis://x:1' }))).toBe('redis://x:1');
  });

  it('asks the Sentinels for the primary, follows +switch-master, and never sends an unanswered command again', () => {
    const options = sentinelOptions({ sentinels: ['127.0.0.1:1', 'h:2'], name: 'bazaar' });
    expect(options).toMatchObject({
      sentinels: [
        { host: '127.0.0.1', port: 1 },
        { host: 'h', port: 2 },
      ],
      name: 'bazaar',
      failoverDetector: true,
      autoResendUnfulfilledCommands: false,
    });
    expect(options.reconnectOnError?.(new Error("READONLY You can't write against a read only replica."))).toBe(1);
    expect(options.reconnectOnError?.(new Error('ERR syntax error'))).toBe(false);
  });
});
