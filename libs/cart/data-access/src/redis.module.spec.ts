import { redisTarget, sentinelOptions } from './redis.module';
import { REPLICA_WAIT_TIMEOUT_MS, replicaAcknowledgementSettings } from './replica-acknowledgement';

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

describe('REDIS_SENTINELS read from the raw environment (no env schema in between)', () => {
  it('is split at commas into the Sentinels the client asks', () => {
    expect(redisTarget(config({ REDIS_SENTINELS: '127.0.0.1:26379, 127.0.0.1:26380', REDIS_SENTINEL_NAME: 'bazaar' }))).toEqual({
      sentinels: ['127.0.0.1:26379', '127.0.0.1:26380'],
      name: 'bazaar',
    });
  });

  it('asks one replica to acknowledge by default, and reads the numbers given as strings', () => {
    expect(replicaAcknowledgementSettings(config({ REDIS_SENTINELS: '127.0.0.1:26379' }))).toEqual({ replicas: 1, timeoutMs: REPLICA_WAIT_TIMEOUT_MS });
    expect(replicaAcknowledgementSettings(config({ REDIS_SENTINELS: '127.0.0.1:26379', REDIS_WAIT_REPLICAS: '0', REDIS_WAIT_TIMEOUT_MS: '250' }))).toEqual({ replicas: 0, timeoutMs: 250 });
  });
});
