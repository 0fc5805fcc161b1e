import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { eventually, requireServer, serverAddress } from '@bazaar/shared/testing';
import { leaseSize } from './rate-limit.leases';
import { SharedRateLimitStorage } from './rate-limit.storage';

const MINUTE = 60_000;

/**
 * The invariant of the leased counters (real Redis): gateway replicas together never admit more
 * than a client's limit in a window, and a busy client costs one Redis round trip per share of it.
 */
describe('rate limit leases: each replica reserves a share of the limit in Redis (real Redis)', () => {
  let redis: Redis;
  let replicas: SharedRateLimitStorage[];
  const redisKey = (key: string, kind: 'hits' | 'blocked') => `rate-limit:{${key}:default}:${kind}`;
  const counted = async (key: string) => Number(await redis.get(redisKey(key, 'hits')));
  const hit = (replica: SharedRateLimitStorage, key: string, limit: number, ttl = MINUTE) => replica.increment(key, ttl, limit, ttl, 'default');

  beforeAll(async () => {
    await requireServer('redis');
    redis = new Redis(serverAddress('redis'));
    replicas = [new SharedRateLimitStorage(serverAddress('redis')), new SharedRateLimitStorage(serverAddress('redis'))];
  });
  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.onModuleDestroy()));
    redis.disconnect();
  });

  it('counts a busy client in Redis once per share of its limit, and numbers its hits without gaps', async () => {
    const key = randomUUID();
    const hits = [];
    for (let i = 0; i < 120; i++) hits.push(await hit(replicas[0], key, 1000));
    expect(leaseSize(1000)).toBe(50);
    expect(await counted(key)).toBe(150);
    expect(hits.map((record) => record.totalHits)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    expect(hits.every((record) => !record.isBlocked && record.timeToExpire > 0 && record.timeToExpire <= 60)).toBe(true);
  });

  it('lets concurrent requests of one client share one reservation', async () => {
    const key = randomUUID();
    const hits = await Promise.all(Array.from({ length: 40 }, () => hit(replicas[0], key, 1000)));
    expect(await counted(key)).toBe(50);
    expect(new Set(hits.map((record) => record.totalHits)).size).toBe(40);
  });

  it('never admits more than the limit across replicas, and refuses at most one share early', async () => {
    const key = randomUUID();
    const limit = 100;
    // Sequential, then concurrent, on both replicas in an irregular order.
    const sequential = [];
    for (let i = 0; i < 90; i++) sequential.push(await hit(replicas[(i * 7) % 3 === 0 ? 1 : 0], key, limit));
    const concurrent = await Promise.all(Array.from({ length: 200 }, (_, i) => hit(replicas[i % 2], key, limit)));
    const admitted = [...sequential, ...concurrent].filter((record) => !record.isBlocked).length;
    expect(admitted).toBeLessThanOrEqual(limit);
    expect(admitted).toBeGreaterThanOrEqual(limit - leaseSize(limit));
    const refused = concurrent.filter((record) => record.isBlocked);
    expect(refused.every((record) => record.timeToBlockExpire > 0)).toBe(true);
    // Both replicas refuse once the limit is spent, until the window ends.
    expect((await hit(replicas[0], key, limit)).isBlocked).toBe(true);
    expect((await hit(replicas[1], key, limit)).isBlocked).toBe(true);
  });

  it('refuses a client whose last hits another replica holds until the window ends, without blocking it', async () => {
    const key = randomUUID();
    const limit = 100;
    const blockDuration = 2 * MINUTE;
    const hitWithBlock = (replica: SharedRateLimitStorage) => replica.increment(key, MINUTE, limit, blockDuration, 'default');
    expect((await hitWithBlock(replicas[0])).isBlocked).toBe(false);
    const admitted = [];
    for (let i = 0; i < limit - leaseSize(limit); i++) admitted.push(await hitWithBlock(replicas[1]));
    expect(admitted.every((record) => !record.isBlocked)).toBe(true);

    const refused = await hitWithBlock(replicas[1]);
    expect(refused.isBlocked).toBe(true);
    expect(refused.timeToBlockExpire).toBeLessThanOrEqual(60);
    expect(await redis.exists(redisKey(key, 'blocked'))).toBe(0);
    // The replica holding the last hits admits them: 100 in all.
    const rest = [];
    for (let i = 0; i < leaseSize(limit); i++) rest.push(await hitWithBlock(replicas[0]));
    expect(rest.map((record) => record.isBlocked)).toEqual([false, false, false, false, true]);
  });

  it('admits the client again once its block has ended', async () => {
    const key = randomUUID();
    const ttl = 300;
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await hit(replicas[0], key, 3, ttl));
    expect(results.map((record) => record.isBlocked)).toEqual([false, false, false, true]);
    // The block ends in Redis (both keys expire), and on the replica, whose copy may outlive it by a round trip.
    await eventually(async () => ((await redis.exists(redisKey(key, 'hits'), redisKey(key, 'blocked'))) === 0 ? true : undefined), 'the block to end in Redis', 10_000);
    const again = await eventually(
      async () => {
        const record = await hit(replicas[0], key, 3, ttl);
        return record.isBlocked ? undefined : record;
      },
      'the replica to admit the client again',
      10_000,
    );
    expect(again).toMatchObject({ isBlocked: false, totalHits: 1 });
  });

  it('while Redis is unreachable, fails open once for the requests waiting on the same reservation', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const unreachable = new SharedRateLimitStorage('redis://127.0.0.1:1');
    try {
      const hits = await Promise.all(Array.from({ length: 10 }, () => hit(unreachable, 'anyone', 1000)));
      expect(hits.every((record) => !record.isBlocked && record.totalHits === 0)).toBe(true);
      expect(warn).toHaveBeenCalledTimes(1);
    } finally {
      warn.mockRestore();
      await unreachable.onModuleDestroy();
    }
  });
});
