import { z } from 'zod';
import { baseEnvSchema, brokerList, InvalidConfigError, kafkaEnv, mongoUrl, validateEnv } from './env';

const schema = baseEnvSchema.extend({ MONGO_URL: mongoUrl, KAFKA_BROKERS: brokerList });
const valid = { HTTP_PORT: '3001', MONGO_URL: 'mongodb://127.0.0.1:27017/catalog', KAFKA_BROKERS: 'a:9092, b:9092' };

describe('validateEnv', () => {
  it('returns typed values with defaults applied', () => {
    const env = validateEnv(schema, valid);
    expect(env.HTTP_PORT).toBe(3001);
    expect(env.KAFKA_BROKERS).toEqual(['a:9092', 'b:9092']);
    expect(env.LOG_LEVEL).toBe('info');
  });

  it('names a missing variable', () => {
    const { MONGO_URL: _omitted, ...env } = valid;
    expect(() => validateEnv(schema, env)).toThrow('MONGO_URL is required but not set');
  });

  it('names a malformed variable and shows its value', () => {
    expect(() => validateEnv(schema, { ...valid, HTTP_PORT: 'eighty' })).toThrow(/HTTP_PORT: .*"eighty"/);
    expect(() => validateEnv(schema, { ...valid, KAFKA_BROKERS: 'localhost' })).toThrow(/KAFKA_BROKERS.*host:port/);
  });

  it('never echoes credentials of a malformed URL', () => {
    expect(() => validateEnv(schema, { ...valid, MONGO_URL: 'mongo://admin:s3cret@db:27017' })).toThrow(/"mongo:\/\/\*\*\*@db:27017"/);
    expect(() => validateEnv(schema, { ...valid, MONGO_URL: 'mongo://admin:s3cret@db:27017' })).not.toThrow(/s3cret/);
  });

  it('rejects a port above 65535 in host:port', () => {
    expect(() => validateEnv(schema, { ...valid, KAFKA_BROKERS: 'a:99999' })).toThrow(/port must be at most 65535/);
  });

  it('reports every problem at once', () => {
    try {
      validateEnv(schema, { HTTP_PORT: '0' });
      throw new Error('expected validateEnv to throw');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidConfigError);
      expect((error as InvalidConfigError).problems.map((p) => p.split(/[ :]/)[0]).sort()).toEqual([
        'HTTP_PORT',
        'KAFKA_BROKERS',
        'MONGO_URL',
      ]);
    }
  });

  it('accepts any zod schema', () => {
    expect(validateEnv(z.object({ A: z.string() }), { A: 'x' })).toEqual({ A: 'x' });
  });
});

describe('kafkaEnv', () => {
  const kafka = z.object(kafkaEnv);

  it("defaults to no topic prefix and kafkajs' 30 s session", () => {
    expect(validateEnv(kafka, { KAFKA_BROKERS: 'a:9092' })).toEqual({ KAFKA_BROKERS: ['a:9092'], KAFKA_TOPIC_PREFIX: '', KAFKA_SESSION_TIMEOUT_MS: 30_000 });
  });

  it('takes a shorter session, but not one two backoff steps of a waiting handler do not fit in', () => {
    expect(validateEnv(kafka, { KAFKA_BROKERS: 'a:9092', KAFKA_SESSION_TIMEOUT_MS: '10000' }).KAFKA_SESSION_TIMEOUT_MS).toBe(10_000);
    expect(() => validateEnv(kafka, { KAFKA_BROKERS: 'a:9092', KAFKA_SESSION_TIMEOUT_MS: '6000' })).toThrow(/KAFKA_SESSION_TIMEOUT_MS: .*10000.*"6000"/);
  });
});
