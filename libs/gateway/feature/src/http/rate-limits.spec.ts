import { checkoutBody, FakeDownstream, startEdgeApp } from '../testing/edge-app';

describe('rate limits: checkout stricter than browsing', () => {
  let edge: Awaited<ReturnType<typeof startEdgeApp>>;
  beforeAll(async () => (edge = await startEdgeApp(new FakeDownstream(() => ({ orderId: 'o1', status: 'PENDING', items: [] })), { RATE_LIMIT_PER_MINUTE: 20, CHECKOUT_RATE_LIMIT_PER_MINUTE: 2 })));
  afterAll(() => edge.app.close());

  const checkout = (i: number) => edge.inject({ method: 'POST', url: '/api/checkout', payload: checkoutBody(), headers: { 'idempotency-key': `key-0000000${i}` } });

  it('answers the third checkout in a minute with 429, Retry-After and the one error shape, and keeps browsing open', async () => {
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push(await checkout(i));
    expect(statuses.map((r) => r.statusCode)).toEqual([202, 202, 429]);
    const refused = statuses[2];
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(JSON.parse(refused.body)).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED', requestId: refused.headers['x-request-id'] });
    for (let i = 0; i < 5; i++) expect((await edge.inject({ method: 'GET', url: '/api/orders' })).statusCode).toBe(200);
  });
});
