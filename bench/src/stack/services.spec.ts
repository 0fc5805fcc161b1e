import { benchPorts } from '../bench.settings';
import { runScope, serviceEnv, tuning } from './services';

describe('service environment', () => {
  const env = serviceEnv(benchPorts(17000), runScope('r1'), { BENCH_GATEWAY_ENV: 'LOG_LEVEL=warn NODE_OPTIONS=--max-semi-space-size=4' });

  it('points every service at the run’s ports, databases and topics', () => {
    expect(env.gateway).toMatchObject({ HTTP_PORT: '17000', CATALOG_ADDR: '127.0.0.1:17011', CART_ADDR: '127.0.0.1:17012', ORDER_ADDR: '127.0.0.1:17013', PAYMENTS_ADDR: '127.0.0.1:17014' });
    expect(env.catalog).toMatchObject({ HTTP_PORT: '17001', TCP_PORT: '17011', MONGO_DB: 'bench-catalog-r1', KAFKA_TOPIC_PREFIX: 'bench-r1.' });
    expect(env.order).toMatchObject({ MONGO_DB: 'bench-orders-r1', KAFKA_TOPIC_PREFIX: 'bench-r1.' });
    expect(env.payments).toMatchObject({ HTTP_PORT: '17004', TCP_PORT: '17014', MONGO_DB: 'bench-payments-r1', KAFKA_TOPIC_PREFIX: 'bench-r1.' });
  });

  it('bounds every service’s heap as production does (deploy/helm/bazaar/files/node-memory.env)', () => {
    expect(env.catalog.NODE_OPTIONS).toMatch(/^--max-old-space-size=\d+ --max-semi-space-size=\d+$/);
    expect(env.order.NODE_OPTIONS).toBe(env.catalog.NODE_OPTIONS);
  });

  it('applies a tuning to its service only', () => {
    expect(env.gateway).toMatchObject({ LOG_LEVEL: 'warn', NODE_OPTIONS: '--max-semi-space-size=4' });
    expect(env.catalog.LOG_LEVEL).toBe('info');
  });

  it('refuses a tuning that is not NAME=value', () => {
    expect(() => tuning('LOG_LEVEL')).toThrow('"LOG_LEVEL" is not NAME=value');
    expect(tuning('  ')).toEqual({});
  });
});
