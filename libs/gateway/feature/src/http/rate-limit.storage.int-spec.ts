import { requireServer, serverAddress } from '@bazaar/shared/testing';
import { FakeDownstream, startEdgeApp } from '../testing/edge-app';

const randomAddress = () => Array.from({ length: 4 }, () => Math.floor(Math.random() * 254) + 1).join('.');

// Two gateway replicas behind one proxy: the limit is the store's, not each replica's.
describe('the rate limit shared by gateway replicas (real Redis)', () => {
  let replicas: Awaited<ReturnType<typeof startEdgeApp>>[];

  beforeAll(async () => {
    await requireServer('redis');
    const settings = { REDIS_URL: serverAddress('redis'), RATE_LIMIT_PER_MINUTE: 3 };
    // One trusted hop, and a client address of this run's own: other runs on this Redis count apart.
    replicas = [await startEdgeApp(new FakeDownstream(() => []), settings, 1), await startEdgeApp(new FakeDownstream(() => []), settings, 1)];
  });
  afterAll(() => Promise.all(replicas.map((replica) => replica.app.close())));

  it('refuses the fourth request of a minute whichever replica gets it, with Retry-After', async () => {
    const client = randomAddress();
    const responses = [];
    for (let i = 0; i < 6; i++) responses.push(await replicas[i % 2].inject({ method: 'GET', url: '/api/categories', headers: { 'x-forwarded-for': client } }));
    expect(responses.map((r) => r.statusCode)).toEqual([200, 200, 200, 429, 429, 429]);
    expect(Number(responses[3].headers['retry-after'])).toBeGreaterThan(0);
  });
});
