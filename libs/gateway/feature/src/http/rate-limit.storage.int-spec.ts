import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { requireServer, serverAddress } from '@bazaar/shared/testing';
import { SharedRateLimitStorage } from './rate-limit.storage';
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

describe('the rate limit storage on a real Redis', () => {
  it('sends its script once at most, then counts by the script’s SHA (EVALSHA), in the library’s keys', async () => {
    await requireServer('redis');
    const monitor = new Redis(serverAddress('redis'));
    const storage = new SharedRateLimitStorage(serverAddress('redis'));
    const key = `monitored-${randomUUID()}`;
    const seen: string[] = [];
    const feed = await monitor.monitor();
    try {
      // Scripts' own commands (INCR, PTTL, ...) are monitored too: only the calls of a script count here.
      feed.on('monitor', (_time: string, [command, ...args]: string[]) => {
        if (/^eval(sha)?$/i.test(command) && args.some((arg) => arg.includes(key))) seen.push(`${command.toLowerCase()} ${args.find((arg) => arg.includes(key))}`);
      });
      const counts = [];
      for (let i = 0; i < 5; i++) counts.push(await storage.increment(key, 60_000, 3, 60_000, 'default'));
      expect(counts.map(({ totalHits, isBlocked }) => [totalHits, isBlocked])).toEqual([[1, false], [2, false], [3, false], [4, true], [5, true]]);
      await waitFor(() => seen.length >= 5, 5000);
      const evals = seen.filter((command) => command.startsWith('eval '));
      expect(evals.length).toBeLessThanOrEqual(1);
      expect(seen.filter((command) => command.startsWith('evalsha ')).length).toBeGreaterThanOrEqual(4);
      expect(seen.every((command) => command.endsWith(`rate-limit:{${key}:default}:hits`))).toBe(true);
    } finally {
      feed.disconnect();
      storage.onModuleDestroy();
      monitor.disconnect();
    }
  });
});

/** Polls `done` every 20 ms until it holds or `timeoutMs` passes. */
async function waitFor(done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}
