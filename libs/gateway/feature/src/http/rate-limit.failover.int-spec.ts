import { join } from 'node:path';
import Redis from 'ioredis';
import { eventually, PrivateRedisSentinels, workspaceRoot } from '@bazaar/shared/testing';
import { FakeDownstream, startEdgeApp } from '../testing/edge-app';

const randomAddress = () => Array.from({ length: 4 }, () => Math.floor(Math.random() * 254) + 1).join('.');

/**
 * The rate limits through a Redis primary failover, with real processes: a primary, its replica and
 * three Sentinels of this suite's own (tools/infra, private BAZAAR_RUN and ports). Two gateway
 * replicas count through the Sentinels; the primary is killed with SIGKILL. While the Sentinels
 * promote the replica the limits fail open (by design); after it, counting goes on on the new primary.
 */
describe('the rate limit through a Redis failover (primary, replica, three Sentinels; SIGKILL)', () => {
  const run = join(workspaceRoot, `tmp/rate-limit-failover/infra-${process.pid}`);
  let redis: PrivateRedisSentinels;
  let replicaServer: Redis;
  let gateways: Awaited<ReturnType<typeof startEdgeApp>>[];
  const get = (gateway: number, client: string) => gateways[gateway].inject({ method: 'GET', url: '/api/categories', headers: { 'x-forwarded-for': client } }).then((r) => r.statusCode);

  beforeAll(async () => {
    redis = await PrivateRedisSentinels.start(run);
    replicaServer = new Redis({ host: '127.0.0.1', port: redis.ports.replica, maxRetriesPerRequest: 1 });
    // As a deployment may give both: the Sentinels win over the first primary's address.
    const settings = { REDIS_URL: `redis://127.0.0.1:${redis.ports.primary}`, ...redis.settings, RATE_LIMIT_PER_MINUTE: 3 };
    gateways = [await startEdgeApp(new FakeDownstream(() => []), settings, 1), await startEdgeApp(new FakeDownstream(() => []), settings, 1)];
  }, 120_000);

  afterAll(async () => {
    await Promise.all((gateways ?? []).map((gateway) => gateway.app.close()));
    replicaServer?.disconnect();
    await redis?.stop();
  }, 120_000);

  it('still refuses a client over the limit on every replica after the failover, and counts a new client on the new primary', async () => {
    // Requests go unlimited until a gateway's client has asked the Sentinels and connected to the primary.
    const warmUp = randomAddress();
    for (const gateway of [0, 1]) await eventually(async () => ((await get(gateway, warmUp)) === 429 ? true : undefined), `gateway ${gateway} to count on the primary`, 10_000);

    const over = randomAddress();
    const before = [];
    for (let i = 0; i < 4; i++) before.push(await get(0, over));
    expect(before).toEqual([200, 200, 200, 429]);
    // The block is on the replica before the primary goes (replication is asynchronous).
    await eventually(async () => ((await replicaServer.keys('rate-limit:*:blocked')).length > 0 ? true : undefined), 'the replica to hold the block', 10_000);

    const killedAt = Date.now();
    redis.killPrimary();
    await redis.promoted();
    const promotedAt = Date.now();

    // Requests in the gap are not limited (fail open); bounded by the wait, each replica refuses the blocked client again once it counts on the new primary.
    const refusedBy = new Set<number>();
    await eventually(
      async () => {
        for (const gateway of [0, 1]) if ((await get(gateway, over)) === 429) refusedBy.add(gateway);
        return refusedBy.size === 2 ? true : undefined;
      },
      'both gateway replicas to refuse the blocked client again',
      20_000,
    );
    const limitingAt = Date.now();

    // A new client's requests, whichever replica gets them, are counted together on the new primary.
    const fresh = randomAddress();
    const after = [];
    for (let i = 0; i < 6; i++) after.push(await get(i % 2, fresh));
    expect(after).toEqual([200, 200, 200, 429, 429, 429]);
    console.log(`rate limit failover: replica promoted ${promotedAt - killedAt} ms after SIGKILL; both gateways limiting again ${limitingAt - killedAt} ms after it`);
  }, 120_000);
});
