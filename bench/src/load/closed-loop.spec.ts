import { closedLoop, medianLatencyFigures } from './closed-loop';

describe('closedLoop', () => {
  it('keeps exactly `concurrency` operations in flight and reports what they measured', async () => {
    let inFlight = 0;
    let mostInFlight = 0;
    const figures = await closedLoop(3, 0.2, async () => {
      mostInFlight = Math.max(mostInFlight, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 10));
      inFlight--;
      return 42;
    });
    expect(mostInFlight).toBe(3);
    expect(figures.p50Ms).toBe(42);
    expect(figures.p99Ms).toBe(42);
    expect(figures.completed).toBeGreaterThan(10);
    expect(figures.perSecond).toBeGreaterThan(0);
  });

  it('takes each figure’s median across runs and adds up the operations', () => {
    const run = (p50Ms: number) => ({ perSecond: p50Ms, p50Ms, p99Ms: p50Ms * 2, completed: 10 });
    expect(medianLatencyFigures([run(3), run(1), run(2)])).toEqual({ perSecond: 2, p50Ms: 2, p99Ms: 4, completed: 30 });
  });
});
