import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { BACKEND_SERVICES, checkoutBody, requireServer } from '@bazaar/shared/testing';
import { getJson, RunningService, serviceEnv, shopperOf, startService, stopAllServices, waitFor } from './support/services';

const customer = {
  name: 'Grace Hopper',
  email: 'grace@example.com',
  address: { line1: '1 Harbour Road', city: 'Arlington', postalCode: '22201', country: 'US' },
};

/** This suite's own ports (HTTP 23400-23407, TCP 23501-23507), so it never meets the other e2e suites' services. */
function ownPorts(env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, value.replace(/\b1([34])00(\d)\b/g, (_m, kind: string, n: string) => `23${kind === '3' ? 4 : 5}0${n}`)]));
}

/** A leftover service on one of these ports would answer the health checks in place of ours. */
async function expectPortsFree(vars: Record<string, string>[]): Promise<void> {
  for (const port of vars.flatMap((v) => [v.HTTP_PORT, v.TCP_PORT]).filter(Boolean)) {
    const inUse = await new Promise<boolean>((resolve) => {
      const socket = connect(Number(port), '127.0.0.1', () => (socket.destroy(), resolve(true))).once('error', () => resolve(false));
    });
    if (inUse) throw new Error(`port ${port} is taken: stop whatever listens there before running this suite`);
  }
}

const exited = (service: RunningService) =>
  new Promise<number | null>((resolve) => (service.process.exitCode !== null ? resolve(service.process.exitCode) : service.process.once('exit', (code) => resolve(code))));

// SIGTERM in the middle of a burst of checkouts: the service drains what it accepted and exits 0;
// started again, it carries every accepted order (202) to a final state. None is lost.
describe('graceful shutdown under load (all services, real Kafka, MongoDB wire protocol and Redis)', () => {
  const env = Object.fromEntries(Object.entries(serviceEnv()).map(([name, vars]) => [name, ownPorts(vars)]));
  const running: Record<string, RunningService> = {};
  let api: string;

  beforeAll(async () => {
    await Promise.all([requireServer('mongodb'), requireServer('kafka'), requireServer('redis')]);
    await expectPortsFree(Object.values(env));
    for (const service of await Promise.all(BACKEND_SERVICES.map((name) => startService(name, env[name])))) running[service.name] = service;
    running.gateway = await startService('gateway', env.gateway);
    api = `${running.gateway.url}/api`;
  }, 120000);
  afterAll(() => stopAllServices(running));

  const shopper = () => shopperOf(api, { unreachableAsStatus0: true });

  async function plentifulProduct(): Promise<string> {
    for (const { id } of (await getJson(`${api}/categories`)).body as { id: string }[]) {
      const found = ((await getJson(`${api}/products?category=${id}&limit=100`)).body.items as { id: string; stock: number }[]).find((p) => p.stock >= 50);
      if (found) return found.id;
    }
    throw new Error('no product has 50 units in stock');
  }

  it('SIGTERM to order during checkouts: it exits 0 after draining, and after a restart every accepted order is CONFIRMED or CANCELLED', async () => {
    const productId = await plentifulProduct();
    const shoppers = Array.from({ length: 40 }, () => shopper());
    for (const as of shoppers) expect((await as('POST', '/cart/items', { productId, quantity: 1 })).status).toBe(201);

    // Checkouts go out 40 ms apart; the order service gets SIGTERM once a few have been accepted,
    // with more in flight.
    let acceptedSoFar = 0;
    const order = running.order;
    const outcomes = shoppers.map(async (as, i) => {
      await new Promise((resolve) => setTimeout(resolve, i * 40));
      const response = await as('POST', '/checkout', checkoutBody(customer), { 'idempotency-key': randomUUID() });
      if (response.status === 202 && ++acceptedSoFar === 5) order.process.kill('SIGTERM');
      return { as, status: response.status, orderId: response.body?.orderId as string | undefined };
    });
    const results = await Promise.all(outcomes);
    // Fewer than five accepted: the signal was never sent, and waiting for the exit would hang.
    if (acceptedSoFar < 5) throw new Error(`only ${acceptedSoFar} checkouts accepted, so order was never sent SIGTERM; answers: ${results.map((r) => r.status).join(' ')}`);
    const exitCode = await exited(order);

    expect(exitCode).toBe(0);
    expect(readFileSync(order.logFile, 'utf8')).toContain('Drained and closed');
    const accepted = results.filter((r) => r.status === 202);
    // Some were accepted before the signal; the rest were refused cleanly (503), never cut off.
    expect(accepted.length).toBeGreaterThan(0);
    expect(results.filter((r) => r.status !== 202).map((r) => r.status)).toEqual(results.filter((r) => r.status !== 202).map(() => 503));

    await expectPortsFree([env.order]);
    running.order = await startService('order', env.order);
    const pending = new Set(accepted);
    await waitFor(`all ${accepted.length} accepted orders to reach a final state`, 60000, async () => {
      for (const result of [...pending]) {
        const { status } = (await result.as('GET', `/orders/${result.orderId}`)).body as { status: string };
        if (status === 'CONFIRMED' || status === 'CANCELLED') pending.delete(result);
      }
      return pending.size === 0;
    });
    expect(pending.size).toBe(0);
  }, 180000);
});
