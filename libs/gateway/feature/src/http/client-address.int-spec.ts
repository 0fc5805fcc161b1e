import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { EdgeProxy, freePorts, startEdgeProxy, workspaceRoot } from '@bazaar/shared/testing';
import { FakeDownstream, startEdgeApp } from '../testing/edge-app';
import { trustedProxies } from './trusted-proxies';

const LIMIT = 5;

const randomAddress = () => Array.from({ length: 4 }, () => Math.floor(Math.random() * 254) + 1).join('.');

// The rate limit keys on the client's address: behind HAProxy that is X-Forwarded-For, which a
// client can send itself. A new forged address per request must not buy a new allowance.
describe('the client address behind HAProxy (Debian haproxy, deploy/haproxy/haproxy.cfg)', () => {
  let haproxy: EdgeProxy;
  let edge: Awaited<ReturnType<typeof startEdgeApp>>;
  let proxy: string;

  beforeAll(async () => {
    // As compose and the Helm chart configure the gateway: one trusted hop.
    edge = await startEdgeApp(new FakeDownstream(() => []), { RATE_LIMIT_PER_MINUTE: LIMIT }, trustedProxies.parse('1'));
    await edge.app.listen(0, '127.0.0.1');
    // HAProxy sends requests only to a gateway whose readiness check passes; this app has no
    // health module, so its server answers the check ahead of the app.
    const server = edge.fastify.server;
    const [app] = server.listeners('request') as RequestListener[];
    server.removeAllListeners('request');
    server.on('request', (request: IncomingMessage, response: ServerResponse) => (request.url === '/health/ready' ? response.end('ok') : app(request, response)));
    const gateway = `127.0.0.1:${(edge.fastify.server.address() as { port: number }).port}`;
    const [store, stats] = await freePorts(2);
    // deploy/haproxy/haproxy.cfg as it is; both of its gateway slots point at this one gateway.
    haproxy = await startEdgeProxy({ store, stats, gateways: [gateway, gateway] }, { logDir: join(workspaceRoot, 'tmp/gateway-feature') });
    proxy = haproxy.url;
  }, 360_000);
  afterAll(async () => {
    await haproxy?.stop();
    await edge?.app.close();
  });

  it('keeps limiting a client that forges a new X-Forwarded-For on every request', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 3; i++) {
      const response = await fetch(`${proxy}/api/categories`, { headers: { 'x-forwarded-for': randomAddress() } });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([...Array(LIMIT).fill(200), 429, 429, 429]);
  });
});
