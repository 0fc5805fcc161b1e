import { judged, STABLE_WITHIN_PERCENT, verdict } from './verdict';

describe('goal verdicts', () => {
  it('says yes or no when the repetitions agree within ±10 %', () => {
    expect(STABLE_WITHIN_PERCENT).toBe(10);
    expect(verdict(true, 3)).toBe('yes');
    expect(verdict(false, 10)).toBe('no');
    expect(verdict(true, undefined)).toBe('yes');
  });

  it('never quotes an unstable result as met', () => {
    expect(verdict(true, 10.5)).toBe('unstable');
    expect(verdict(false, 25)).toBe('no (unstable)');
  });

  it('judges only rows with a goal', () => {
    expect(verdict(undefined, 50)).toBeUndefined();
  });

  it('adds the spread of a row\'s repetition ratios and its verdict', () => {
    const row = { benchmark: 'browse', figure: 'product page requests/s', bazaar: 539, baseline: 719, ratio: 0.9, goal: '≥ 0.8×', met: true };
    expect(judged({ ...row, repetitionRatios: [0.88, 0.9, 0.91] })).toMatchObject({ spreadPercent: 2.2, verdict: 'yes' });
    expect(judged({ ...row, repetitionRatios: [0.7, 0.9, 0.95] })).toMatchObject({ spreadPercent: 22, verdict: 'unstable' });
    expect(judged({ ...row, met: false, repetitionRatios: [0.7, 0.75, 0.95] })).toMatchObject({ spreadPercent: 27, verdict: 'no (unstable)' });
  });

  it('leaves a row without repetitions (an older results file, a single repetition) judged by its goal alone', () => {
    const judgedRow = judged({ benchmark: 'checkout', figure: 'to final p99 ms', bazaar: 880, ratio: 58.3, goal: '≤ 3×', met: false, repetitionRatios: [58.3] });
    expect(judgedRow.spreadPercent).toBeUndefined();
    expect(judgedRow.verdict).toBe('no');
    expect(judged({ benchmark: 'memory', figure: 'kafka RSS MB', bazaar: 734 })).toEqual({ benchmark: 'memory', figure: 'kafka RSS MB', bazaar: 734 });
  });
});
