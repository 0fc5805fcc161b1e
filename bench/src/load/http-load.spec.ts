import { LoadFigures, repetitionRatios } from './http-load';

const run = (requestsPerSecond: number): LoadFigures => ({ requestsPerSecond, latencyP50Ms: 1, latencyP99Ms: 2, requests: 10 });

describe('repetition ratios', () => {
  it('pairs each Bazaar repetition with the baseline repetition that followed it', () => {
    expect(repetitionRatios([run(90), run(80), run(100)], [run(100), run(100), run(200)])).toEqual([0.9, 0.8, 0.5]);
  });

  it('leaves out a pair whose baseline answered nothing', () => {
    expect(repetitionRatios([run(90), run(80)], [run(0), run(100)])).toEqual([0.8]);
  });
});
