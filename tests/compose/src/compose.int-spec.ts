import { homedir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { TEST_CARDS } from '@bazaar/contracts';
import { eventually, workspaceRoot } from '@bazaar/shared/testing';
import { background, compose, consumerOffsets, docker, engineDown, engineUp, heartbeat, hostPorts, jaeger, project, say, shopper, standIns, stats, store, timed, timings, writeReport } from './support/stack';

// `docker compose up --wait` for real: the project's images built with deploy/docker/Dockerfile by
// compose itself, the real docker-compose.yml, and two overrides: tools/compose-test/compose.stand-ins.yml
// swaps Docker Hub's images for stand-ins built here and MongoDB's sharded cluster for FerretDB;
// tools/compose-test/compose.health-cadence.yml runs the same health checks every 2 s, with the same patience.

const customer = { name: 'Ada Lovelace', email: 'ada@example.com', address: { line1: '12 Market Street', city: 'Lyon', postalCode: '69002', country: 'FR' } };
const payment = { card: { number: TEST_CARDS.approves, expiry: '12/34', cvc: '123' } };
const SAGA_SERVICES = ['cart', 'catalog', 'gateway', 'order', 'payments'];
const HEADROOM = 0.85; // every container stays under 85 % of its limit after two minutes of load
const LOAD_MINUTES = 2;
const kafkaVersion = /KAFKA_VERSION:=([\d.]+)/.exec(readFileSync(join(workspaceRoot, 'tools/infra/kafka.sh'), 'utf8'))?.[1];
const kafkaLibs = join(process.env.BAZAAR_CACHE ?? join(homedir(), '.cache/bazaar'), `kafka-${kafkaVersion}`, 'libs');

interface Product { id: string; stock: number }
const mib = (text: string) => {
  const match = /^([\d.]+)([KMG]i?B)$/.exec(text.trim());
  if (!match) throw new Error(`cannot read ${text}`);
  return Number(match[1]) * ({ KiB: 1 / 1024, MiB: 1, GiB: 1024, KB: 1 / 1024, MB: 1, GB: 1024 } as Record<string, number>)[match[2]];
};

/** `up`, and if it fails, the logs of every container that is not healthy, in the error. */
function upOrShowWhy(args: string[]): string {
  try {
    return compose(args, 6 * 60_000);
  } catch (error) {
    const sick = compose(['ps', '--all', '--format', '{{.Service}} {{.Health}} {{.State}}']).split('\n').filter((line) => line && !/ healthy running$/.test(line)).map((line) => line.split(' ')[0]);
    const logs = [...new Set(sick)].map((service) => `---- ${service} ----\n${compose(['logs', '--tail', '25', '--no-log-prefix', service])}`).join('\n');
    throw new Error(`${(error as Error).message}\n${logs}`);
  }
}

describe('docker compose up --wait (real Docker engine, real docker-compose.yml)', () => {
  let upAt = 0;
  const buyer = shopper();
  const keeper = shopper(); // a cart that must survive down and up

  beforeAll(() => {
    timed('engine (install or start)', engineUp);
    say(`compose test: Docker ${docker(['version', '--format', '{{.Server.Version}}']).trim()}, ${compose(['version']).trim()}`);
    timed('stand-in images', standIns);
    compose(['down', '-v', '--remove-orphans']);
    timed('build the project images (compose build)', () => compose(['build'], 40 * 60_000));
    timed('up --wait', () => upOrShowWhy(['up', '--wait', '--wait-timeout', '300']));
    upAt = Date.now();
  }, 60 * 60_000);

  afterAll(() => {
    try {
      timed('down -v', () => compose(['down', '-v', '--remove-orphans'], 5 * 60_000));
    } finally {
      engineDown();
      say(`compose test timings (s): ${JSON.stringify(timings)}`);
      writeReport('compose-timings.json', timings);
    }
  }, 10 * 60_000);

  it('runs every container of the demo, and says which are the real thing and which are stand-ins', () => {
    const containers = compose(['ps', '--all', '--format', '{{.Service}}\t{{.Image}}\t{{.State}}\t{{.Health}}']).trim().split('\n').map((line) => line.split('\t'));
    const standIn = (image: string) => image.startsWith('bazaar-standin/');
    say('\ncompose test: what ran');
    for (const [service, image, state, health] of containers) {
      say(`  ${service.padEnd(15)} ${standIn(image) ? 'STAND-IN' : 'REAL    '} ${image.padEnd(36)} ${state} ${health}`);
    }
    say('  real: the project images (deploy/docker/Dockerfile, built by compose), docker-compose.yml, haproxy.cfg, jaeger.yaml, the Docker engine and compose v2');
    say('  stand-ins: the Docker Hub images (tools/compose-test/stand-ins/*/Dockerfile); node:*-bookworm-slim is a stand-in under the official name');
    say('  health checks: the real commands, every 2 s with retries scaled to the same patience (tools/compose-test/compose.health-cadence.yml)');
    say('  MongoDB: one FerretDB container named mongos replaces the sharded cluster; mongo-init is a no-op (the cluster init is checked by nx test deploy)\n');
    const byService = Object.fromEntries(containers.map(([service, , state, health]) => [service, { state, health }]));
    for (const name of ['catalog', 'cart', 'order', 'payments', 'gateway', 'haproxy', 'kafka', 'redis', 'jaeger', 'mongos', 'load-generator']) {
      expect({ name, ...byService[name] }).toEqual({ name, state: 'running', health: 'healthy' });
    }
    expect(containers.filter(([service]) => service === 'gateway')).toHaveLength(2);
  });

  it('keeps Kafka’s data on its volume (log.dirs from KAFKA_LOG_DIRS), not in the container’s /tmp', () => {
    expect(compose(['exec', '-T', 'kafka', 'bash', '-c', 'ls /var/lib/kafka/data; test ! -e /tmp/kafka-logs && echo no-tmp-logs'])).toMatch(/meta\.properties[\s\S]*no-tmp-logs/);
  });

  it('checks Kafka’s health without a second JVM: one java process, each check well under a second', () => {
    expect(compose(['exec', '-T', 'kafka', 'ps', '-e', '-o', 'comm=']).split('\n').filter((name) => name === 'java')).toEqual(['java']);
    const health = JSON.parse(docker(['inspect', '--format', '{{json .State.Health}}', compose(['ps', '-q', 'kafka']).trim()])) as { Log: Array<{ Start: string; End: string; ExitCode: number }> };
    const passed = health.Log.filter((check) => check.ExitCode === 0);
    expect(passed.length).toBeGreaterThan(0);
    for (const check of passed) expect(Date.parse(check.End) - Date.parse(check.Start)).toBeLessThan(1000);
  });

  it('sells through HAProxy: browse, add to cart, check out with a card, CONFIRMED; the checkout’s trace in Jaeger covers all five services', async () => {
    const categories = (await buyer('GET', '/api/categories')).body as Array<{ id: string }>;
    expect(categories.length).toBeGreaterThan(0);
    const page = (await buyer('GET', `/api/products?category=${categories[0].id}&limit=20`)).body as { items: Product[] };
    const product = page.items.find((p) => p.stock > 5) as Product;
    expect(product).toBeDefined();
    expect((await buyer('GET', `/api/products/${product.id}`)).status).toBe(200);
    expect((await buyer('POST', '/api/cart/items', { productId: product.id, quantity: 1 })).status).toBeLessThan(300);
    const checkout = await buyer('POST', '/api/checkout', { customer, payment }, { 'Idempotency-Key': randomUUID() });
    expect(checkout.status).toBe(202);
    const orderId = checkout.body.orderId as string;
    const traceId = checkout.headers.get('x-trace-id');
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    const status = await eventually(async () => {
      const order = (await buyer('GET', `/api/orders/${orderId}`)).body as { status: string };
      return order.status === 'PENDING' ? undefined : order.status;
    }, `order ${orderId} to leave PENDING`, 60_000);
    expect(status).toBe('CONFIRMED');

    const services = await eventually(async () => {
      const response = await fetch(`${jaeger}/api/traces/${traceId}`);
      if (response.status !== 200) return undefined;
      const [trace] = ((await response.json()) as { data: Array<{ processes: Record<string, { serviceName: string }> }> }).data;
      const names = [...new Set(Object.values(trace?.processes ?? {}).map((p) => p.serviceName))].sort();
      return SAGA_SERVICES.every((name) => names.includes(name)) ? names : undefined;
    }, `trace ${traceId} in Jaeger with ${SAGA_SERVICES.join(', ')}`, 60_000);
    expect(services).toEqual(SAGA_SERVICES);
    say(`compose test: order ${orderId} CONFIRMED; trace ${traceId} in Jaeger spans ${services.join(', ')}`);
  }, 180_000);

  it('routes around a gateway replica that is stopped: no failed request once HAProxy’s checks have seen it go', async () => {
    const replicas = compose(['ps', '-q', 'gateway']).trim().split('\n');
    const gatewaysUp = async () => (await (await fetch(stats)).text()).split('\n').filter((line) => line.startsWith('gateways,gateway') && line.split(',')[17] === 'UP').length;
    await eventually(async () => ((await gatewaysUp()) === 2 ? true : undefined), 'both gateway replicas UP in HAProxy', 30_000);

    const beat = heartbeat('/api/categories', 50);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const stoppedAt = Date.now();
    const stopping = background('docker', ['stop', replicas[0]]);
    const detected = await eventually(async () => ((await gatewaysUp()) === 1 ? Date.now() : undefined), 'HAProxy to take the stopped replica out', 30_000);
    const exitCode = await stopping;
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const beats = await beat.stop();

    const failed = beats.filter((b) => b.status !== 200);
    const afterDetection = failed.filter((b) => b.at > detected);
    const report = { requests: beats.length, failed: failed.length, failedAfterDetection: afterDetection.length, detectionMs: detected - stoppedAt, stopExitCode: exitCode };
    say(`compose test: one gateway stopped during ${beats.length} requests (every 50 ms): HAProxy took it out after ${report.detectionMs} ms; ${failed.length} failed in all, ${afterDetection.length} after that`);
    writeReport('compose-failover.json', report);
    expect(exitCode).toBe(0);
    // It finished its drain (exit 0) before stop_grace_period: Docker's SIGKILL (137) never came.
    expect(docker(['inspect', '--format', '{{.State.ExitCode}}', replicas[0]]).trim()).toBe('0');
    expect(afterDetection).toEqual([]);
    // The replica drains (readiness 503, then SHUTDOWN_DELAY_MS of serving) before it goes: nothing fails at all.
    expect(failed).toEqual([]);

    docker(['start', replicas[0]]);
    await eventually(async () => ((await gatewaysUp()) === 2 ? true : undefined), 'the restarted replica back in HAProxy', 90_000);
  }, 240_000);

  it(`keeps every container under ${HEADROOM * 100} % of its memory limit after ${LOAD_MINUTES} minutes of the load generator`, async () => {
    const loadStartedMs = Date.now() - upAt;
    if (loadStartedMs < LOAD_MINUTES * 60_000) await new Promise((resolve) => setTimeout(resolve, LOAD_MINUTES * 60_000 - loadStartedMs));
    const ids = compose(['ps', '-q']).trim().split('\n');
    const rows = docker(['stats', '--no-stream', '--format', '{{.Name}}\t{{.MemUsage}}', ...ids]).trim().split('\n').map((line) => {
      const [name, usage] = line.split('\t');
      const [used, limit] = usage.split('/').map(mib);
      return { container: name.replace(`${project}-`, ''), usedMiB: Math.round(used), limitMiB: Math.round(limit), share: Math.round((used / limit) * 100) };
    });
    say(`compose test: memory after ${LOAD_MINUTES} min of load (MiB used / limit):\n${rows.map((r) => `  ${r.container.padEnd(18)} ${String(r.usedMiB).padStart(4)} / ${r.limitMiB} (${r.share} %)`).join('\n')}`);
    writeReport('compose-memory.json', rows);
    for (const name of SAGA_SERVICES) expect({ name, measured: rows.some((row) => row.container.startsWith(`${name}-`)) }).toEqual({ name, measured: true });
    for (const row of rows) expect({ container: row.container, under: row.share <= HEADROOM * 100 }).toEqual({ container: row.container, under: true });
    const loadLog = compose(['logs', '--no-log-prefix', 'load-generator']);
    expect(loadLog).toMatch(/req\/s/);
  }, (LOAD_MINUTES + 3) * 60_000);

  it('keeps carts and Kafka’s consumer offsets through down and up (volumes)', async () => {
    const categories = (await keeper('GET', '/api/categories')).body as Array<{ id: string }>;
    const page = (await keeper('GET', `/api/products?category=${categories[categories.length - 1].id}&limit=5`)).body as { items: Product[] };
    expect((await keeper('POST', '/api/cart/items', { productId: page.items[0].id, quantity: 2 })).status).toBeLessThan(300);
    const cartBefore = (await keeper('GET', '/api/cart')).body;
    compose(['stop', 'load-generator']);
    const offsetsBefore = consumerOffsets(kafkaLibs);
    expect(offsetsBefore.size).toBeGreaterThan(0);

    timed('down (volumes kept)', () => compose(['down'], 5 * 60_000));
    timed('up --wait again', () => upOrShowWhy(['up', '--wait', '--wait-timeout', '300', '--scale', 'load-generator=0']));

    // Keep-alive sockets pooled before `down` were closed with the old proxy: wait until requests get answers again.
    await eventually(() => fetch(`${store}/health/ready`).then((r) => (r.status === 200 ? true : undefined), () => undefined), 'the store to answer after up', 30_000);
    expect((await keeper('GET', '/api/cart')).body).toEqual(cartBefore);
    const offsetsAfter = consumerOffsets(kafkaLibs);
    const lost = [...offsetsBefore].filter(([partition, offset]) => (offsetsAfter.get(partition) ?? -1) < offset);
    say(`compose test: after down and up, the cart is intact and ${offsetsBefore.size} committed partition offsets are all still there`);
    expect(lost).toEqual([]);
  }, 15 * 60_000);

  it('restarts an infrastructure container that dies (restart: unless-stopped), and the store answers again', async () => {
    const redis = compose(['ps', '-q', 'redis']).trim();
    // A crash, as an OOM kill would be: SIGKILL to the server's process from outside. (`docker kill`
    // counts as a manual stop, which `unless-stopped` rightly leaves stopped.)
    process.kill(Number(docker(['inspect', '--format', '{{.State.Pid}}', redis]).trim()), 'SIGKILL');
    await eventually(() => {
      const [restarts, status] = docker(['inspect', '--format', '{{.RestartCount}} {{.State.Health.Status}}', redis]).trim().split(' ');
      return Number(restarts) >= 1 && status === 'healthy' ? true : undefined;
    }, 'redis to be restarted and healthy', 60_000);
    await eventually(async () => ((await keeper('GET', '/api/cart')).status === 200 ? true : undefined), 'the cart to answer again', 30_000);
  }, 120_000);

  it('publishes the store, Jaeger, HAProxy’s stats, mongos, Kafka and Redis on 127.0.0.1 only', () => {
    const published = docker(['ps', '--filter', `label=com.docker.compose.project=${project}`, '--format', '{{.Ports}}']);
    for (const port of Object.values(hostPorts)) expect(published).toContain(`127.0.0.1:${port}->`);
    expect(published).not.toMatch(/0\.0\.0\.0:|:::/);
    expect(store).toContain('127.0.0.1');
  });
});
