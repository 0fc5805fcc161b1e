import { describe, expect, it } from 'vitest';
import { pollDelayMs } from './poll-delay';

describe('pollDelayMs', () => {
  it('asks quickly at first, then backs off', () => {
    expect([0, 9, 10, 29, 30, 500].map(pollDelayMs)).toEqual([500, 500, 1000, 1000, 3000, 3000]);
  });
});
