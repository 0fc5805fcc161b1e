import { InvalidConfigError, validateEnv } from '@bazaar/shared/config';
import { cartEnvSchema } from './cart.env';

const required = { REDIS_URL: 'redis://127.0.0.1:6379', CATALOG_ADDR: '127.0.0.1:4001', KAFKA_BROKERS: '127.0.0.1:9092' };

describe('cart environment', () => {
  it('reads KAFKA_BROKERS as a list of brokers', () => {
    expect(validateEnv(cartEnvSchema, { ...required, KAFKA_BROKERS: 'kafka-1:9092, kafka-2:9092' }).KAFKA_BROKERS).toEqual(['kafka-1:9092', 'kafka-2:9092']);
  });

  it('requires KAFKA_BROKERS: cart consumes OrderPlaced', () => {
    const { KAFKA_BROKERS: _omitted, ...withoutKafka } = required;
    expect(() => validateEnv(cartEnvSchema, withoutKafka)).toThrow(InvalidConfigError);
    expect(() => validateEnv(cartEnvSchema, withoutKafka)).toThrow(/KAFKA_BROKERS is required/);
  });

  it('connects through Sentinels instead of REDIS_URL when REDIS_SENTINELS is set, and needs one of the two', () => {
    const { REDIS_URL: _omitted, ...withoutRedis } = required;
    const env = validateEnv(cartEnvSchema, { ...withoutRedis, REDIS_SENTINELS: '127.0.0.1:26379, 127.0.0.1:26380,127.0.0.1:26381' });
    expect(env).toMatchObject({ REDIS_SENTINELS: ['127.0.0.1:26379', '127.0.0.1:26380', '127.0.0.1:26381'], REDIS_SENTINEL_NAME: 'bazaar', REDIS_WAIT_TIMEOUT_MS: 1000 });
    expect(env.REDIS_WAIT_REPLICAS).toBeUndefined();
    expect(() => validateEnv(cartEnvSchema, withoutRedis)).toThrow(/REDIS_URL or REDIS_SENTINELS is required/);
    expect(() => validateEnv(cartEnvSchema, { ...withoutRedis, REDIS_SENTINELS: 'sentinel' })).toThrow(/REDIS_SENTINELS.*host:port/);
  });
});
