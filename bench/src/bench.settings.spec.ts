import { benchPorts, settingsFor } from './bench.settings';

describe('bench settings', () => {
  it('keeps smoke short and the full run repeated', () => {
    expect(settingsFor('smoke', {}).repetitions).toBe(1);
    expect(settingsFor('full', {}).repetitions).toBeGreaterThanOrEqual(3);
  });

  it('moves every port with BENCH_PORT_BASE and refuses a non-port', () => {
    expect(settingsFor('full', { BENCH_PORT_BASE: '20000' }).portBase).toBe(20000);
    expect(() => settingsFor('full', { BENCH_PORT_BASE: 'x' })).toThrow('BENCH_PORT_BASE');
  });

  it('gives every process of a run its own port, and full and smoke runs disjoint ranges', () => {
    const all = (base: number) => JSON.stringify(benchPorts(base)).match(/\d+/g)?.map(Number) ?? [];
    const full = all(settingsFor('full', {}).portBase);
    const smoke = all(settingsFor('smoke', {}).portBase);
    expect(new Set(full).size).toBe(full.length);
    expect(full.filter((port) => smoke.includes(port))).toEqual([]);
  });
});
