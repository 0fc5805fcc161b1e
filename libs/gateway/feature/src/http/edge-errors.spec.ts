import { CatalogPatterns, OrderPatterns } from '@bazaar/contracts';
import { ServiceError } from '@bazaar/shared/rpc';
import { checkoutBody, FakeDownstream, startEdgeApp } from '../testing/edge-app';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-body.parser';

const PRODUCT = '0123456789abcdef01234567';
const nestedArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('nestsDeeperThan', () => {
  it('counts arrays and objects, not brackets inside strings', () => {
    expect(nestsDeeperThan('{"a":[{"b":[]}]}', 4)).toBe(false);
    expect(nestsDeeperThan('{"a":[{"b":[[]]}]}', 4)).toBe(true);
    expect(nestsDeeperThan(JSON.stringify({ text: '[[[[[[[[["\\]]]' }), 2)).toBe(false);
  });
});

describe('the gateway edge: bad input and the one error shape', () => {
  const downstream = new FakeDownstream((call) => (call.pattern === CatalogPatterns.listProducts ? { items: [], nextCursor: null } : { ...call.data }));
  let edge: Awaited<ReturnType<typeof startEdgeApp>>;
  beforeAll(async () => (edge = await startEdgeApp(downstream)));
  afterAll(() => edge.app.close());

  /** Every error: `{statusCode, code, message, requestId}`, and the request id in x-request-id. */
  async function errorOf(method: 'GET' | 'POST' | 'PATCH', url: string, payload?: string, contentType = 'application/json') {
    const response = await edge.inject({ method, url, payload, headers: payload === undefined ? {} : { 'content-type': contentType, 'idempotency-key': 'key-12345678' } });
    const body = JSON.parse(response.body);
    expect(Object.keys(body).sort()).toEqual(['code', 'message', 'requestId', 'statusCode']);
    expect(response.headers['x-request-id']).toBe(body.requestId);
    expect(body.statusCode).toBe(response.statusCode);
    return body as { statusCode: number; code: string; message: string };
  }

  it.each([
    ['POST', '/api/cart/items'],
    ['PATCH', `/api/cart/items/${PRODUCT}`],
    ['POST', '/api/checkout'],
  ] as const)('refuses a 10,000-deep JSON array on %s %s with 400 before anything walks it', async (method, url) => {
    expect(await errorOf(method, url, nestedArray(10_000))).toMatchObject({ statusCode: 400, code: 'BODY_TOO_DEEP' });
    expect(await errorOf(method, url, JSON.stringify({ quantity: JSON.parse(nestedArray(MAX_JSON_DEPTH)) }))).toMatchObject({ statusCode: 400, code: 'BODY_TOO_DEEP' });
  });

  it('answers Fastify’s own refusals in the one shape: malformed JSON, content type, size, no route, bad URL', async () => {
    expect(await errorOf('POST', '/api/cart/items', '{"productId":')).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(await errorOf('POST', '/api/cart/items', 'hello', 'text/plain')).toMatchObject({ statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    expect(await errorOf('POST', '/api/cart/items', '<a/>', 'application/xml')).toMatchObject({ statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    expect(await errorOf('POST', '/api/cart/items', JSON.stringify({ productId: 'x'.repeat(100_000) }))).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(await errorOf('GET', '/api/nope')).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    expect(await errorOf('GET', '/nope')).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    expect(await errorOf('GET', '/api/%zz')).toMatchObject({ statusCode: 400, code: 'BAD_REQUEST' });
  });

  it('still takes a well-formed body', async () => {
    const response = await edge.inject({ method: 'POST', url: '/api/cart/items', payload: { productId: PRODUCT, quantity: 2 } });
    expect(response.statusCode).toBe(201);
    expect(response.headers['x-request-id']).toBeTruthy();
  });

  it.each(['0x10', '1e1', '%205', '5.0', '-1', '', '0'])('refuses limit=%s: query numbers are decimal digits only', async (limit) => {
    expect(await errorOf('GET', `/api/products?category=kitchen&limit=${limit}`)).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED', message: expect.stringContaining('limit') });
  });

  it('takes limit=5 as the number 5', async () => {
    expect((await edge.inject({ method: 'GET', url: '/api/products?category=kitchen&limit=5' })).statusCode).toBe(200);
    expect(downstream.calls.at(-1)?.data).toMatchObject({ limit: 5 });
  });

  it('answers an unexpected failure behind the API as a 500 that leaks nothing', async () => {
    const failing = new FakeDownstream((call) => {
      if (call.pattern === OrderPatterns.listByCart) throw new Error('boom at 10.0.0.7:27017');
      return {};
    });
    const other = await startEdgeApp(failing);
    try {
      const response = await other.inject({ method: 'GET', url: '/api/orders' });
      expect(JSON.parse(response.body)).toMatchObject({ statusCode: 500, code: 'INTERNAL_ERROR', message: 'Internal error' });
    } finally {
      await other.app.close();
    }
  });

  it('passes the details of a service error on to the client, in the same shape', async () => {
    const changedLines = [{ productId: PRODUCT, name: 'Mug', oldPrice: { amount: 1000, currency: 'EUR' }, newPrice: { amount: 1200, currency: 'EUR' } }];
    const repricing = new FakeDownstream((call) => {
      if (call.pattern === OrderPatterns.checkout) throw ServiceError.conflict('PRICE_CHANGED', 'Prices changed', { changedLines });
      return {};
    });
    const other = await startEdgeApp(repricing);
    try {
      const response = await other.inject({ method: 'POST', url: '/api/checkout', payload: checkoutBody(), headers: { 'idempotency-key': 'key-12345678' } });
      expect(JSON.parse(response.body)).toEqual({ statusCode: 409, code: 'PRICE_CHANGED', message: 'Prices changed', requestId: response.headers['x-request-id'], details: { changedLines } });
    } finally {
      await other.app.close();
    }
  });
});
