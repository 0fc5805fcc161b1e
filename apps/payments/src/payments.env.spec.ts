import { InvalidConfigError, validateEnv } from '@bazaar/shared/config';
import { paymentsEnvSchema } from './payments.env';

const required = { MONGO_URL: 'mongodb://127.0.0.1:27017', KAFKA_BROKERS: '127.0.0.1:9092' };

describe('payments environment', () => {
  it('defaults its ports to 3004 (HTTP) and 4004 (TCP)', () => {
    expect(validateEnv(paymentsEnvSchema, required)).toMatchObject({ SERVICE_NAME: 'payments', HTTP_PORT: 3004, TCP_PORT: 4004 });
  });

  it('waits 3 s for the slow test card unless PAYMENTS_SIMULATOR_SLOW_MS says otherwise, and rejects a value that is no duration', () => {
    expect(validateEnv(paymentsEnvSchema, required)).toMatchObject({ PAYMENTS_SIMULATOR_SLOW_MS: 3000 });
    expect(validateEnv(paymentsEnvSchema, { ...required, PAYMENTS_SIMULATOR_SLOW_MS: '250' })).toMatchObject({ PAYMENTS_SIMULATOR_SLOW_MS: 250 });
    expect(() => validateEnv(paymentsEnvSchema, { ...required, PAYMENTS_SIMULATOR_SLOW_MS: 'soon' })).toThrow('PAYMENTS_SIMULATOR_SLOW_MS');
  });

  it.each(['MONGO_URL', 'KAFKA_BROKERS'])('stops at start without %s, naming it', (name) => {
    const { [name as keyof typeof required]: _missing, ...without } = required;
    expect(() => validateEnv(paymentsEnvSchema, without)).toThrow(InvalidConfigError);
    expect(() => validateEnv(paymentsEnvSchema, without)).toThrow(`${name} is required`);
  });
});
