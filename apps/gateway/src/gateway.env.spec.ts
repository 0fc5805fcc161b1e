import { validateEnv } from '@bazaar/shared/config';
import { DEVELOPMENT_CART_COOKIE_SECRET, gatewayEnvSchema } from './gateway.env';

const addresses = { CATALOG_ADDR: 'catalog:4001', CART_ADDR: 'cart:4002', ORDER_ADDR: 'order:4003' };
const secret = (c: string) => c.repeat(32);

describe('the gateway environment: cart cookie secrets', () => {
  it('lists the secrets, first one signing', () => {
    expect(validateEnv(gatewayEnvSchema, { ...addresses, CART_COOKIE_SECRETS: `${secret('a')}, ${secret('b')}` }).CART_COOKIE_SECRETS).toEqual([secret('a'), secret('b')]);
  });

  it('has a development secret outside production only', () => {
    expect(validateEnv(gatewayEnvSchema, { ...addresses, NODE_ENV: 'test' }).CART_COOKIE_SECRETS).toEqual([DEVELOPMENT_CART_COOKIE_SECRET]);
    expect(() => validateEnv(gatewayEnvSchema, { ...addresses, NODE_ENV: 'production' })).toThrow('CART_COOKIE_SECRETS is required but not set');
    expect(() => validateEnv(gatewayEnvSchema, { ...addresses, NODE_ENV: 'production', CART_COOKIE_SECRETS: DEVELOPMENT_CART_COOKIE_SECRET })).toThrow(/CART_COOKIE_SECRETS: must be set to secrets of your own/);
    expect(validateEnv(gatewayEnvSchema, { ...addresses, NODE_ENV: 'production', CART_COOKIE_SECRETS: secret('p') }).CART_COOKIE_SECRETS).toEqual([secret('p')]);
  });

  it('refuses a short secret', () => {
    expect(() => validateEnv(gatewayEnvSchema, { ...addresses, CART_COOKIE_SECRETS: `${secret('a')},short` })).toThrow(/at least 32 characters/);
  });
});
