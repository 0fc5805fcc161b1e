import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { compareLoads, HttpLoad, LoadFigures, processCpuMicros, repetitionRatios } from './http-load';

const run = (requestsPerSecond: number): LoadFigures => ({ requestsPerSecond, latencyP50Ms: 1, latencyP99Ms: 2, requests: 10 });

describe('repetition ratios', () => {
  it('pairs each Bazaar repetition with the baseline repetition that followed it', () => {
    expect(repetitionRatios([run(90), run(80), run(100)], [run(100), run(100), run(200)])).toEqual([0.9, 0.8, 0.5]);
  });

  it('leaves out a pair whose baseline answered nothing', () => {
    expect(repetitionRatios([run(90), run(80)], [run(0), run(100)])).toEqual([0.8]);
  });
});

describe('compareLoads', () => {
  let server: Server;
  let url: string;
  const served: string[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      served.push(request.url ?? '');
      response.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('brings each path back to its start before its warm-up and before each of its measured repetitions, untimed', async () => {
    const events: string[] = [];
    const load = (path: string): HttpLoad => ({
      url: `${url}/${path}`,
      beforeRun: async () => {
        events.push(`${path}: ${served.filter((served) => served === `/${path}`).length} answered`);
      },
    });
    served.length = 0;
    const comparison = await compareLoads(load('bazaar'), load('baseline'), { connections: 1, warmupSeconds: 1, durationSeconds: 1, repetitions: 2 });

    expect(events.map((event) => event.split(':')[0])).toEqual(['bazaar', 'baseline', 'bazaar', 'baseline', 'bazaar', 'baseline']);
    // Each call came after the previous run of its path had finished, and before the next began.
    const answered = events.map((event) => Number(/(\d+) answered/.exec(event)?.[1]));
    expect(answered.slice(0, 2)).toEqual([0, 0]);
    expect(answered[2]).toBeGreaterThanOrEqual(comparison.warmupRequests.bazaar);
    expect(answered[3]).toBeGreaterThanOrEqual(comparison.warmupRequests.baseline);
    expect(answered[4]).toBeGreaterThan(answered[2]);
    expect(answered[5]).toBeGreaterThan(answered[3]);
    expect(comparison.repetitions.map(({ path }) => path)).toEqual(['bazaar', 'baseline', 'bazaar', 'baseline']);
  });
});

describe('processCpuMicros', () => {
  it('reads a process’s CPU time so far, which grows while it computes', () => {
    const before = processCpuMicros(process.pid);
    const until = Date.now() + 100;
    while (Date.now() < until);
    expect(processCpuMicros(process.pid)).toBeGreaterThan(before);
  });
});
