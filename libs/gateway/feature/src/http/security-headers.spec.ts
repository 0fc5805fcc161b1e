import fastifyHelmet from '@fastify/helmet';
import Fastify from 'fastify';
import { SECURITY_HEADERS } from '../configure-edge';
import { FakeDownstream, startEdgeApp } from '../testing/edge-app';

const helmetBuilt = jest.fn();
jest.mock('helmet', () => {
  const actual = jest.requireActual('helmet');
  // Callable itself too: @fastify/helmet calls the CommonJS export.
  const counted = Object.assign((...args: unknown[]) => (helmetBuilt(), actual.default(...args)), actual);
  return Object.assign(counted, { __esModule: true, default: counted });
});

/** What Fastify itself answers with, not helmet. */
const NOT_HELMET = new Set(['content-type', 'content-length', 'date', 'connection', 'keep-alive']);

describe('security headers', () => {
  let edge: Awaited<ReturnType<typeof startEdgeApp>>;
  beforeAll(async () => (edge = await startEdgeApp(new FakeDownstream((call) => ({ ...call.data })))));
  afterAll(() => edge.app.close());

  it('are exactly the ones @fastify/helmet sets with the same options, on answers, errors and unknown paths', async () => {
    const reference = Fastify();
    await reference.register(fastifyHelmet, SECURITY_HEADERS);
    reference.get('/', async () => ({}));
    const expected = Object.fromEntries(Object.entries((await reference.inject({ method: 'GET', url: '/' })).headers).filter(([name]) => !NOT_HELMET.has(name)));
    await reference.close();
    expect(Object.keys(expected)).toEqual(expect.arrayContaining(['content-security-policy', 'strict-transport-security', 'x-content-type-options', 'x-frame-options']));

    for (const url of ['/api/cart', '/api/products/not-an-id', '/api/nowhere', '/health/live', '/docs/openapi.json']) {
      const { headers } = await edge.inject({ method: 'GET', url });
      expect({ url, headers: Object.fromEntries(Object.keys(expected).map((name) => [name, headers[name]])) }).toEqual({ url, headers: expected });
    }
  });

  it('builds helmet once, not again for every request', async () => {
    helmetBuilt.mockClear();
    for (let i = 0; i < 5; i++) await edge.inject({ method: 'GET', url: '/api/cart' });
    expect(helmetBuilt).not.toHaveBeenCalled();
  });
});
