import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, requireServer } from '@bazaar/shared/testing';
import { EdgeProxy, EdgeServer, gatewayReplicas, getJson, heartbeat, ports, RunningService, serviceEnv, startAllServices, startService, stopAllServices, workspaceRoot } from './support/services';

/** haproxy.cfg's health checks: a replica is out after `fall` failed checks `inter` apart, back after `rise` passed ones. */
function healthChecks() {
  const config = readFileSync(join(workspaceRoot, 'deploy/haproxy/haproxy.cfg'), 'utf8');
  const match = /default-server check inter (\d+)s fall (\d+) rise (\d+)/.exec(config);
  if (!match) throw new Error('haproxy.cfg: no `default-server check inter <n>s fall <n> rise <n>` line; update this test');
  const [interMs, fall, rise] = [Number(match[1]) * 1000, Number(match[2]), Number(match[3])];
  // The first failed check comes at most `inter` after the failure, the fall-th (fall-1)×inter later.
  return { interMs, outWithinMs: fall * interMs, backWithinMs: rise * interMs };
}

const checks = healthChecks();
/** Timers on a shared 2-core machine run late; the window is the configuration's, the slack is the machine's. */
const SLACK_MS = 1000;
/** Longer than the window: a draining replica must still be serving when HAProxy takes it out. */
const SHUTDOWN_DELAY_MS = 2 * checks.outWithinMs;

/** Answered by the gateway itself (the storefront's settings): what is measured is the edge, not catalog's speed. */
const PATH = '/api/config';

const figures: Record<string, unknown> = { healthChecks: checks };
const say = (text: string) => process.stdout.write(`${text}\n`);

// HAProxy (Debian's, deploy/haproxy/haproxy.cfg as compose runs it) in front of two gateway
// replicas: requests are spread over both; a replica that dies, or that is alive but no longer
// ready, is taken out within the health checks' window, and nothing fails after it; started again,
// it gets requests again.
describe('load balancing and health checks at the edge (HAProxy, two gateway replicas)', () => {
  let running: Record<string, RunningService>;
  let edge: EdgeProxy;
  let store: string;
  const replica2Env = gatewayReplicas(serviceEnv().gateway, ports.edge.gateway2, { SHUTDOWN_DELAY_MS: String(SHUTDOWN_DELAY_MS) })[1].env;
  let restarts = 0;

  beforeAll(async () => {
    await Promise.all([requireServer('mongodb'), requireServer('kafka'), requireServer('redis')]);
    running = await startAllServices({}, ports, { SHUTDOWN_DELAY_MS: String(SHUTDOWN_DELAY_MS) });
    edge = running.haproxy as EdgeProxy;
    store = edge.url;
  }, 120000);
  afterAll(async () => {
    await stopAllServices(running ?? {});
    const dir = join(workspaceRoot, 'tmp/test-results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'load-balancing.json'), `${JSON.stringify(figures, null, 2)}\n`);
  }, 60000);

  const server = async (name: string): Promise<EdgeServer> => (await edge.servers()).find((s) => s.name === name) as EdgeServer;
  const bothReady = async () => ((await edge.servers()).every((s) => s.status === 'UP' && s.lastCheck === 'L7OK') ? true : undefined);
  beforeEach(() => eventually(bothReady, 'both replicas UP in HAProxy', 30000), 35000);

  /** Sends `count` requests through the store, one after the other; returns how many each replica got, by HAProxy's count. */
  async function spread(count: number, requestId = (i: number) => `lb-${Date.now()}-${i}`) {
    const before = await edge.servers();
    const statuses: number[] = [];
    for (let i = 0; i < count; i++) {
      const response = await fetch(`${store}${PATH}`, { headers: { 'x-request-id': requestId(i) } });
      await response.arrayBuffer();
      statuses.push(response.status);
    }
    const after = await edge.servers();
    const served = Object.fromEntries(after.map((s) => [s.name, s.requests - (before.find((b) => b.name === s.name)?.requests ?? 0)]));
    return { statuses, served };
  }

  /** The request ids of this test a replica logged itself. */
  const loggedIds = (service: RunningService, prefix: string) => new Set(readFileSync(service.logFile, 'utf8').match(new RegExp(`${prefix}-\\d+`, 'g')) ?? []);

  it('spreads requests evenly over both replicas: HAProxy’s counts and the replicas’ own logs agree', async () => {
    const prefix = `lb-split-${Date.now()}`;
    const count = 200;
    const { statuses, served } = await spread(count, (i) => `${prefix}-${i}`);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    const logged = await eventually(() => {
      const counts = { gateway1: loggedIds(running.gateway, prefix).size, gateway2: loggedIds(running['gateway-2'], prefix).size };
      return counts.gateway1 + counts.gateway2 >= count ? counts : undefined;
    }, 'both replicas to log every request', 10000);
    figures.split = { requests: count, byHaproxy: served, byReplicaLogs: logged };
    say(`load balancing: ${count} requests through HAProxy → gateway1 ${served.gateway1}, gateway2 ${served.gateway2} (their logs: ${logged.gateway1} / ${logged.gateway2})`);
    expect(logged).toEqual(served);
    expect(served.gateway1 + served.gateway2).toBe(count);
    // Round robin over two healthy replicas: one each in turn.
    expect(Math.abs(served.gateway1 - served.gateway2)).toBeLessThanOrEqual(count * 0.1);
  }, 60000);

  /** Waits for replica 2 to be gone, then starts it again; returns when it is ready. */
  async function restartReplica2(env = replica2Env): Promise<number> {
    const { process: old } = running['gateway-2'];
    await eventually(() => (old.exitCode !== null || old.signalCode !== null ? true : undefined), 'replica 2 to exit', SHUTDOWN_DELAY_MS + 15000);
    running['gateway-2'] = await startService('gateway', env, 30000, `gateway-2.${++restarts}`);
    return Date.now();
  }

  interface Outage {
    /** Takes replica 2 out of service. */
    fail: (replica: RunningService) => Promise<void>;
    /** Makes it able to serve again; resolves with the time from which its rejoining is measured. */
    recover?: () => Promise<number>;
    /** What the heartbeat asks for. */
    path?: string;
    /** How many requests sent after the replica is out must all succeed. */
    after?: number;
  }

  /**
   * With a heartbeat through the store (every 50 ms), takes replica 2 out of service; measures
   * when HAProxy marks it DOWN and what failed before and after, then makes it able to serve again
   * (started again, by default) and measures when HAProxy takes it back.
   */
  async function takeOutAndBack(name: string, { fail, recover = restartReplica2, path = PATH, after = 60 }: Outage) {
    const beat = heartbeat(`${store}${path}`, 50);
    await eventually(() => (beat.beats.length >= 20 ? true : undefined), 'the heartbeat to run', 10000);
    const failedAt = Date.now();
    await fail(running['gateway-2']);
    const downAt = await eventually(async () => ((await server('gateway2')).status === 'DOWN' ? Date.now() : undefined), 'HAProxy to take replica 2 out', checks.outWithinMs + 10000);
    // Every request sent after the window must succeed: at least 3 s of them.
    await eventually(() => (beat.beats.filter((b) => b.at > downAt).length >= after ? true : undefined), 'requests after the replica is out', 60000);
    const beats = await beat.stop();
    const failed = beats.filter((b) => b.status !== 200);
    const result = {
      requests: beats.length,
      detectionMs: downAt - failedAt,
      failedBeforeDetection: failed.filter((b) => b.at <= downAt).length,
      failedAfterDetection: failed.filter((b) => b.at > downAt).length,
      requestsAfterDetection: beats.filter((b) => b.at > downAt).length,
      rejoinMs: 0,
      servedAfterRejoin: 0,
    };

    const startedAt = await recover();
    const upAt = await eventually(async () => {
      const { status, lastCheck } = await server('gateway2');
      return status === 'UP' && lastCheck === 'L7OK' ? Date.now() : undefined;
    }, 'HAProxy to take replica 2 back', checks.backWithinMs + 10000);
    result.rejoinMs = upAt - startedAt;
    result.servedAfterRejoin = (await spread(20)).served.gateway2;
    figures[name] = result;
    say(
      `load balancing, ${name}: HAProxy took replica 2 out ${result.detectionMs} ms after (window ${checks.outWithinMs} ms); ` +
        `${result.failedBeforeDetection} of ${result.requests} requests failed before, ${result.failedAfterDetection} of ${result.requestsAfterDetection} after; ` +
        `able to serve again, back in ${result.rejoinMs} ms, then served ${result.servedAfterRejoin} of 20`,
    );
    return { result, failed };
  }

  it('takes a killed replica out within the health checks’ window; every request after it succeeds; started again, it rejoins', async () => {
    const { result } = await takeOutAndBack('killed', { fail: async (replica) => void replica.process.kill('SIGKILL') });
    expect(result.detectionMs).toBeLessThanOrEqual(checks.outWithinMs + SLACK_MS);
    expect(result.failedAfterDetection).toBe(0);
    expect(result.servedAfterRejoin).toBeGreaterThanOrEqual(8);
  }, 120000);

  it('takes a replica that answers but is not ready (draining after SIGTERM) out within the window, without one failed request; started again, it rejoins', async () => {
    const alive: { ready?: number; live?: number; served?: number } = {};
    const { result, failed } = await takeOutAndBack('draining', {
      fail: async (replica) => {
        replica.process.kill('SIGTERM');
        // Alive (it answers and serves) but not ready: what HAProxy's check on /health/ready sees.
        await eventually(async () => ((await getJson(`${replica.url}/health/ready`)).status === 503 ? true : undefined), 'replica 2 to turn not ready', 5000);
        alive.ready = 503;
        alive.live = (await fetch(`${replica.url}/health/live`)).status;
        alive.served = (await fetch(`${replica.url}${PATH}`)).status;
      },
    });
    expect(alive).toEqual({ ready: 503, live: 200, served: 200 });
    expect(running['gateway-2']).toBeDefined();
    expect(result.detectionMs).toBeLessThanOrEqual(checks.outWithinMs + SLACK_MS);
    // It keeps serving for SHUTDOWN_DELAY_MS, longer than the window: nothing fails at all.
    expect(failed).toEqual([]);
    expect(result.servedAfterRejoin).toBeGreaterThanOrEqual(8);
  }, 120000);

  it('keeps both replicas in the pool while catalog, which both share, is down: browse answers 503 in the one error shape, carts keep working; catalog back, browse recovers', async () => {
    await running.catalog.stop();
    const browse = await eventually(async () => {
      const response = await getJson(`${store}/api/categories`);
      return response.status === 503 ? response : undefined;
    }, 'browse to answer 503 through HAProxy', 15000);
    expect(browse.body).toMatchObject({ statusCode: 503, code: 'DEPENDENCY_UNAVAILABLE', message: expect.stringMatching(/catalog/) });
    // Watched for longer than the window in which HAProxy takes a failing replica out: had catalog
    // gated the replicas' readiness, both would be DOWN by then and the cart calls would fail too.
    const beat = heartbeat(`${store}/api/cart`, 50);
    const since = Date.now();
    const servers = await eventually(async () => {
      const now = await edge.servers();
      if (now.some((s) => s.status !== 'UP')) return now;
      return Date.now() - since > checks.outWithinMs + SLACK_MS ? now : undefined;
    }, 'the check window to pass with catalog down', checks.outWithinMs + 20000);
    const beats = await beat.stop();
    figures['catalog down for every replica'] = { servers: servers.map((s) => s.status), cartRequests: beats.length, failed: beats.filter((b) => b.status !== 200).length };
    expect(servers.map((s) => s.status)).toEqual(['UP', 'UP']);
    expect(beats.length).toBeGreaterThanOrEqual(20);
    expect(beats.filter((b) => b.status !== 200)).toEqual([]);
    running.catalog = await startService('catalog', serviceEnv().catalog);
    await eventually(async () => ((await getJson(`${store}/api/categories`)).status === 200 ? true : undefined), 'browse to answer again', 30000);
  }, 120000);
});
