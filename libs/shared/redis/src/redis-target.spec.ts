import { redisTarget } from './redis-target';

const config = (values: Record<string, unknown>) =>
  ({
    get: (key: string) => values[key],
    getOrThrow: (key: string) => {
      if (values[key] === undefined) throw new Error(`${key} missing`);
      return values[key];
    },
  }) as never;

describe('where a service finds its Redis', () => {
  it('goes through the Sentinels when REDIS_SENTINELS is set, even with a REDIS_URL', () => {
    expect(redisTarget(config({ REDIS_SENTINELS: ['127.0.0.1:26379', 'h:26380'], REDIS_SENTINEL_NAME: 'bazaar', REDIS_URL: 'redis://x:1' }))).toEqual({
      sentinels: ['127.0.0.1:26379', 'h:26380'],
      name: 'bazaar',
    });
  });

  it('else uses REDIS_URL, and is undefined when neither is set (the caller decides: no cache, no shared limits, or refuse to start)', () => {
    expect(redisTarget(config({ REDIS_URL: 'redis://x:1' }))).toBe('redis://x:1');
    expect(redisTarget(config({ REDIS_URL: 'redis://x:1', REDIS_SENTINELS: [] }))).toBe('redis://x:1');
    expect(redisTarget(config({}))).toBeUndefined();
    expect(redisTarget(config({ REDIS_URL: '' }))).toBeUndefined();
  });

  it('splits REDIS_SENTINELS read from the raw environment (no env schema in between) at commas', () => {
    expect(redisTarget(config({ REDIS_SENTINELS: '127.0.0.1:26379, 127.0.0.1:26380,', REDIS_SENTINEL_NAME: 'mymaster' }))).toEqual({
      sentinels: ['127.0.0.1:26379', '127.0.0.1:26380'],
      name: 'mymaster',
    });
  });

  it('needs the name the Sentinels monitor with REDIS_SENTINELS', () => {
    expect(() => redisTarget(config({ REDIS_SENTINELS: 'h:1' }))).toThrow('REDIS_SENTINEL_NAME missing');
  });
});
