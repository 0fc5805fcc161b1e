import { loadEnv } from './load.env';

describe('loadEnv', () => {
  it('has gentle defaults', () => {
    expect(loadEnv({})).toEqual({
      GATEWAY_URL: 'http://127.0.0.1:3000',
      RATE: 5,
      DURATION: 0,
      CONCURRENCY: 8,
      SHOPPERS: 20,
      REPORT_EVERY: 5,
    });
  });

  it('reads numbers from strings', () => {
    expect(loadEnv({ RATE: '0.5', DURATION: '30', CONCURRENCY: '2' })).toMatchObject({ RATE: 0.5, DURATION: 30, CONCURRENCY: 2 });
  });

  it('names the wrong variables', () => {
    expect(() => loadEnv({ RATE: '0', GATEWAY_URL: 'gateway' })).toThrow(/GATEWAY_URL: .*; RATE: /);
  });
});
