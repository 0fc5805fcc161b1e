import { requireServer, tailFile } from '@bazaar/shared/testing';
import {
  getJson,
  infra,
  ports,
  RunningService,
  runToExit,
  serviceEnv,
  startAllServices,
  startService,
  stopAllServices,
  waitFor,
} from './support/services';

describe('the five services against the real servers', () => {
  const running: Record<string, RunningService> = {};
  const env = serviceEnv();

  beforeAll(async () => {
    await Promise.all([requireServer('mongodb'), requireServer('kafka'), requireServer('redis')]);
    Object.assign(running, await startAllServices());
  }, 90000);

  afterAll(() => stopAllServices(running));

  it.each(['catalog', 'cart', 'order', 'payments'])('%s is ready: its own dependencies answer', async (name) => {
    const { status, body } = await getJson(`${running[name].url}/health/ready`);
    expect({ status, body }).toMatchObject({ status: 200, body: { status: 'ok' } });
    // `process` is the service's own: it turns down readiness while the service drains on SIGTERM;
    // `kafka-consumer:<group>` turns it down while the group waits out a dependency that is down.
    const expected = {
      catalog: ['kafka', 'kafka-consumer:catalog', 'mongodb', 'process'],
      cart: ['kafka', 'kafka-consumer:cart', 'kafka-consumer:cart-products', 'process', 'redis'],
      order: ['kafka', 'kafka-consumer:order', 'mongodb', 'process'],
      payments: ['kafka', 'kafka-consumer:payments', 'mongodb', 'process'],
    }[name];
    expect(Object.keys(body.info).sort()).toEqual(expected);
  });

  it('gateway reports catalog, cart, order and payments over TCP under /health/dependencies; its readiness does not wait on them', async () => {
    const ready = await getJson(`${running.gateway.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(Object.keys(ready.body.info).sort()).toEqual(['process']);
    const dependencies = await getJson(`${running.gateway.url}/health/dependencies`);
    expect(dependencies.status).toBe(200);
    expect(Object.keys(dependencies.body.info).sort()).toEqual(['cart', 'catalog', 'order', 'payments', 'process']);
  });

  it('writes JSON logs with a request id echoed in the response', async () => {
    const response = await fetch(`${running.gateway.url}/api/products/not-an-id`, { headers: { 'x-request-id': 'e2e-probe-1' } });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-request-id')).toBe('e2e-probe-1');
    await waitFor('the request to be logged', 5000, async () => tailFile(running.gateway.logFile, 200).includes('e2e-probe-1'));
    const line = tailFile(running.gateway.logFile, 200).split('\n').find((l) => l.includes('e2e-probe-1')) ?? '';
    expect(JSON.parse(line)).toMatchObject({ req: { id: 'e2e-probe-1' }, res: { statusCode: 400 } });
  });

  it('gateway reports a stopped service by name and answers its calls 503 in the one error shape while staying ready; it recovers when the service returns', async () => {
    await running.cart.stop();
    const down = await getJson(`${running.gateway.url}/health/dependencies`);
    expect(down.status).toBe(503);
    expect(down.body.error.cart.status).toBe('down');
    expect((await getJson(`${running.gateway.url}/health/ready`)).status).toBe(200);
    const cart = await getJson(`${running.gateway.url}/api/cart`);
    expect(cart.status).toBe(503);
    expect(cart.body).toMatchObject({ statusCode: 503, code: 'DEPENDENCY_UNAVAILABLE', message: expect.stringMatching(/cart/) });
    expect((await getJson(`${running.gateway.url}/api/categories`)).status).toBe(200);
    running.cart = await startService('cart', env.cart);
    await waitFor('gateway to see cart again', 15000, async () => (await getJson(`${running.gateway.url}/health/dependencies`)).status === 200);
    await waitFor('a cart call to succeed again', 15000, async () => (await getJson(`${running.gateway.url}/api/cart`)).status === 200);
  }, 60000);

  it('a cart call answers 503 naming Redis within a second of Redis stopping, and recovers by itself', async () => {
    const cart = () => getJson(`${running.gateway.url}/api/cart`);
    expect((await cart()).status).toBe(200);
    await infra('stop', 'redis');
    try {
      const started = Date.now();
      const down = await cart();
      expect(Date.now() - started).toBeLessThan(1000);
      expect(down).toMatchObject({ status: 503, body: { code: 'DEPENDENCY_UNAVAILABLE', message: 'redis is unavailable' } });
      const ready = await getJson(`${running.cart.url}/health/ready`);
      expect(ready.status).toBe(503);
      expect(ready.body.error.redis.message).toMatch(/^redis is unavailable/);
    } finally {
      await infra('start', 'redis');
    }
    await waitFor('cart calls to work again', 15000, async () => (await cart()).status === 200);
  }, 120000);

  it.each([
    ['kafka', 'kafka', 'order'],
    ['ferretdb', 'mongodb', 'catalog'],
  ] as const)('stopping %s makes readiness name %s, and it recovers by itself', async (server, dependency, service) => {
    await infra('stop', server);
    try {
      const down = await getJson(`${running[service].url}/health/ready`);
      expect(down.status).toBe(503);
      expect(down.body.error[dependency].message).toMatch(new RegExp(`^${dependency} is unavailable`));
    } finally {
      await infra('start', server);
    }
    // Kafka back, a consumer group rejoins only once the broker has loaded the group's coordinator
    // and the members from before the outage have left it (kafkajs's session timeout, 30 s).
    await waitFor(`${service} to see ${dependency} again`, 60000, async () => (await getJson(`${running[service].url}/health/ready`)).status === 200);
  }, 150000);

  it('a service with a missing variable refuses to start and names it', () => {
    const { MONGO_URL: _missing, ...withoutMongo } = env.catalog;
    const { status, output } = runToExit('catalog', { ...withoutMongo, HTTP_PORT: String(ports.catalog.http + 100), TCP_PORT: String(ports.catalog.tcp + 100) });
    expect(status).toBe(1);
    expect(output).toContain('MONGO_URL is required but not set');
  });
});
