import { EventEmitter } from 'node:events';
import type Redis from 'ioredis';
import { ServiceError } from '@bazaar/shared/rpc';
import { ReplicaAcknowledgement, replicaAcknowledgementSettings } from './replica-acknowledgement';

/** A client whose WAIT answers `confirmed`, and that can be made to reconnect in between. */
class FakeRedis extends EventEmitter {
  waits: [number, number][] = [];
  constructor(private readonly confirmed: number, private readonly onWait: () => void = () => undefined) {
    super();
  }
  async wait(replicas: number, timeoutMs: number): Promise<number> {
    this.waits.push([replicas, timeoutMs]);
    this.onWait();
    return this.confirmed;
  }
}

const acknowledgement = (redis: FakeRedis, replicas = 1) => new ReplicaAcknowledgement(redis as unknown as Redis, { replicas, timeoutMs: 250 });
const write = jest.fn(async () => 'written');
const config = (values: Record<string, unknown>) => ({ get: (key: string) => values[key] }) as never;

describe('ReplicaAcknowledgement', () => {
  beforeEach(() => write.mockClear());

  it('acknowledges a write once the replicas asked for confirm it (WAIT after the write)', async () => {
    const redis = new FakeRedis(1);
    await expect(acknowledgement(redis).write(write)).resolves.toBe('written');
    expect(redis.waits).toEqual([[1, 250]]);
  });

  it('refuses to acknowledge (503) a write fewer replicas confirmed in time, after running it', async () => {
    const redis = new FakeRedis(0);
    const result = acknowledgement(redis).write(write);
    await expect(result).rejects.toBeInstanceOf(ServiceError);
    await expect(result).rejects.toMatchObject({ statusCode: 503, code: 'DEPENDENCY_UNAVAILABLE', detail: expect.stringMatching(/0 of 1 replica\(s\) confirmed .*250 ms.*may or may not be kept/) });
    expect(write).toHaveBeenCalledTimes(1);
  });

  it('refuses to acknowledge a write when the connection changed before its WAIT (a new connection waits for none of the old one’s writes)', async () => {
    const redis: FakeRedis = new FakeRedis(1, () => {
      redis.emit('close');
      redis.emit('ready');
    });
    await expect(acknowledgement(redis).write(write)).rejects.toMatchObject({ statusCode: 503, detail: expect.stringMatching(/reconnected/) });
  });

  it('acknowledges a write that started before the first connection was up (it waited in the offline queue and ran on that connection)', async () => {
    const redis: FakeRedis = new FakeRedis(1, () => redis.emit('ready'));
    await expect(acknowledgement(redis).write(write)).resolves.toBe('written');
  });

  it('waits for nothing when no replica is asked for', async () => {
    const redis = new FakeRedis(0);
    await expect(acknowledgement(redis, 0).write(write)).resolves.toBe('written');
    expect(redis.waits).toEqual([]);
  });

  it('asks for one replica through Sentinel and none with a single REDIS_URL, unless REDIS_WAIT_REPLICAS says', () => {
    expect(replicaAcknowledgementSettings(config({ REDIS_SENTINELS: ['127.0.0.1:26379'] }))).toEqual({ replicas: 1, timeoutMs: 1000 });
    expect(replicaAcknowledgementSettings(config({ REDIS_URL: 'redis://127.0.0.1:6379' }))).toEqual({ replicas: 0, timeoutMs: 1000 });
    expect(replicaAcknowledgementSettings(config({ REDIS_SENTINELS: ['a:1'], REDIS_WAIT_REPLICAS: 2, REDIS_WAIT_TIMEOUT_MS: 50 }))).toEqual({ replicas: 2, timeoutMs: 50 });
  });

  it('reads the raw environment too (no env schema in between): REDIS_SENTINELS as a string, the numbers as strings', () => {
    expect(replicaAcknowledgementSettings(config({ REDIS_SENTINELS: '127.0.0.1:26379' }))).toEqual({ replicas: 1, timeoutMs: 1000 });
    expect(replicaAcknowledgementSettings(config({ REDIS_SENTINELS: '127.0.0.1:26379', REDIS_WAIT_REPLICAS: '0', REDIS_WAIT_TIMEOUT_MS: '250' }))).toEqual({ replicas: 0, timeoutMs: 250 });
  });
});
