import { validateEnv } from '@bazaar/shared/config';
import { DEVELOPMENT_CART_COOKIE_SECRET, gatewayEnvSchema } from './gateway.env';

const addresses = { CATALOG_ADDR: 'catalog:4001', CART_ADDR: 'cart:4002', ORDER_ADDR: 'order:4003', PAYMENTS_ADDR: 'payments:4004', REDIS_URL: 'redis://redis:6379' };
const secret = (c: string) => c.repeat(32);

describe('the gateway environment: the services behind it', () => {
  it('requires the address of payments, which tokenizes the card of a checkout', () => {
    expect(validateEnv(gatewayEnvSchema, addresses).PAYMENTS_ADDR).toBe('payments:4004');
    const { PAYMENTS_ADDR: _missing, ...withoutPayments } = addresses;
    expect(() => validateEnv(gatewayEnvSchema, withoutPayments)).toThrow('PAYMENTS_ADDR is required but not set');
  });
});

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

describe('the gateway environment: TRUST_PROXY', () => {
  const trust = (TRUST_PROXY?: string) => validateEnv(gatewayEnvSchema, { ...addresses, TRUST_PROXY }).TRUST_PROXY;

  it('trusts no proxy by default, a hop count, or the proxies’ addresses and CIDRs', () => {
    expect(trust()).toBe(false);
    expect(trust('1')).toBe(1);
    expect(trust('10.0.0.0/8, 192.168.1.7, fd00::/8')).toEqual(['10.0.0.0/8', '192.168.1.7', 'fd00::/8']);
  });

  it('refuses true, which would believe a client-sent X-Forwarded-For, and what is no address', () => {
    expect(() => trust('true')).toThrow(/TRUST_PROXY: true would trust a client-sent X-Forwarded-For/);
    expect(() => trust('10.0.0.0/33')).toThrow(/TRUST_PROXY/);
    expect(() => trust('proxy.internal')).toThrow(/TRUST_PROXY/);
  });
});

describe('the gateway environment: ADMIN_TOKEN', () => {
  const token = (ADMIN_TOKEN?: string) => validateEnv(gatewayEnvSchema, { ...addresses, ADMIN_TOKEN }).ADMIN_TOKEN;

  it('leaves the admin API off when unset or empty, and refuses a short token', () => {
    expect(token()).toBeUndefined();
    expect(token('')).toBeUndefined();
    expect(token('t'.repeat(24))).toBe('t'.repeat(24));
    expect(() => token('t'.repeat(23))).toThrow(/ADMIN_TOKEN: must be at least 24 characters/);
  });
});

describe('the gateway environment: where the rate limits count', () => {
  it('counts through the Sentinels when REDIS_SENTINELS is set, and needs REDIS_URL or REDIS_SENTINELS', () => {
    const { REDIS_URL: _omitted, ...withoutRedis } = addresses;
    expect(validateEnv(gatewayEnvSchema, { ...withoutRedis, REDIS_SENTINELS: 's1:26379, s2:26379' })).toMatchObject({ REDIS_SENTINELS: ['s1:26379', 's2:26379'], REDIS_SENTINEL_NAME: 'bazaar' });
    expect(() => validateEnv(gatewayEnvSchema, withoutRedis)).toThrow(/REDIS_URL or REDIS_SENTINELS is required/);
    expect(() => validateEnv(gatewayEnvSchema, { ...withoutRedis, REDIS_SENTINELS: 'sentinel' })).toThrow(/REDIS_SENTINELS.*host:port/);
  });
});
