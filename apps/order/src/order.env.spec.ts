import { validateEnv } from '@bazaar/shared/config';
import { orderEnvSchema } from './order.env';

const required = { MONGO_URL: 'mongodb://127.0.0.1:27017', KAFKA_BROKERS: '127.0.0.1:9092', CATALOG_ADDR: 'catalog:4001', CART_ADDR: 'cart:4002' };

describe('order environment', () => {
  it('requires the addresses of cart and catalog (a localhost default would hide a missing one in a container)', () => {
    expect(validateEnv(orderEnvSchema, required)).toMatchObject({ CATALOG_ADDR: 'catalog:4001', HTTP_PORT: 3003 });
    const { CART_ADDR: _missing, ...withoutCart } = required;
    expect(() => validateEnv(orderEnvSchema, withoutCart)).toThrow('CART_ADDR is required but not set');
  });

  it('names a malformed service address', () => {
    expect(() => validateEnv(orderEnvSchema, { ...required, CART_ADDR: 'cart' })).toThrow('CART_ADDR: must be host:port (got "cart")');
  });

  it('defaults the PENDING deadline to 3 minutes, swept every 15 s, and refuses a non-positive one', () => {
    expect(validateEnv(orderEnvSchema, required)).toMatchObject({ ORDER_PENDING_TIMEOUT_MS: 180_000, ORDER_PENDING_SWEEP_INTERVAL_MS: 15_000 });
    expect(validateEnv(orderEnvSchema, { ...required, ORDER_PENDING_TIMEOUT_MS: '5000' })).toMatchObject({ ORDER_PENDING_TIMEOUT_MS: 5000 });
    expect(() => validateEnv(orderEnvSchema, { ...required, ORDER_PENDING_TIMEOUT_MS: '0' })).toThrow('ORDER_PENDING_TIMEOUT_MS');
  });
});
