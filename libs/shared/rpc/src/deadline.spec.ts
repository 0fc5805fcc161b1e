import { lastValueFrom, of } from 'rxjs';
import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { callBudgetMs, currentDeadline, DEADLINE_FIELD, remainingMs, requireTimeLeft, takeDeadlineField, withDeadline, withDeadlineField } from './deadline';
import { DeadlineInterceptor } from './deadline.interceptor';

describe('deadline arithmetic', () => {
  const now = 1_000_000;

  it('has no deadline outside of one', () => {
    expect(currentDeadline()).toBeUndefined();
    expect(remainingMs(now)).toBe(Infinity);
    expect(callBudgetMs(3000, 'x', now)).toBe(3000);
  });

  it('caps a call at what is left, or at its own timeout when that is shorter', () => {
    withDeadline(1200, () => {
      expect(remainingMs(now + 200)).toBe(1000);
      expect(callBudgetMs(3000, 'x', now + 200)).toBe(1000);
      expect(callBudgetMs(400, 'x', now + 200)).toBe(400);
    }, now);
  });

  it('fails fast with 504 DEADLINE_EXCEEDED when nothing is left', () => {
    withDeadline(100, () => {
      expect(() => callBudgetMs(3000, 'calling catalog x', now + 100)).toThrow(expect.objectContaining({ statusCode: 504, code: 'DEADLINE_EXCEEDED', message: 'The request ran out of time before calling catalog x' }));
    }, now);
  });

  it('lets a nested deadline shorten the outer one but never extend it', () => {
    withDeadline(1000, () => {
      withDeadline(5000, () => expect(currentDeadline()).toBe(now + 1000), now);
      withDeadline(300, () => expect(currentDeadline()).toBe(now + 300), now);
      expect(currentDeadline()).toBe(now + 1000);
    }, now);
  });

  it('keeps the deadline across awaits', async () => {
    await withDeadline(1000, async () => {
      await new Promise((resolve) => setImmediate(resolve));
      expect(currentDeadline()).toBe(now + 1000);
    }, now);
  });

  it('refuses work that needs more time than is left', () => {
    withDeadline(100, () => {
      expect(() => requireTimeLeft(50, 'the write', now)).not.toThrow();
      expect(() => requireTimeLeft(150, 'the write', now)).toThrow(expect.objectContaining({ statusCode: 504, code: 'DEADLINE_EXCEEDED' }));
    }, now);
    expect(() => requireTimeLeft(1e9, 'the write', now)).not.toThrow();
  });

  it('carries the budget as whole milliseconds in an object payload and takes it out again', () => {
    const sent = withDeadlineField({ cartId: 'c1' }, 812.7) as Record<string, unknown>;
    expect(sent).toEqual({ cartId: 'c1', [DEADLINE_FIELD]: 812 });
    expect(takeDeadlineField(sent)).toBe(812);
    expect(sent).toEqual({ cartId: 'c1' });
    expect(takeDeadlineField({ cartId: 'c1' })).toBeUndefined();
    expect(takeDeadlineField({ [DEADLINE_FIELD]: 'soon' })).toBeUndefined();
    expect(withDeadlineField([1], 10)).toEqual([1]);
  });
});

describe('DeadlineInterceptor', () => {
  const rpcContext = (data: unknown) => ({ switchToRpc: () => ({ getData: () => data, getContext: () => ({ getPattern: () => 'probe' }) }) }) as unknown as ExecutionContext;
  const handler = (work: () => unknown): CallHandler => ({ handle: () => of(work()) });

  it('runs the handler with the caller’s budget as its deadline', async () => {
    const before = Date.now();
    const deadline = await lastValueFrom(new DeadlineInterceptor().intercept(rpcContext({ [DEADLINE_FIELD]: 500 }), handler(() => currentDeadline())));
    expect(deadline).toBeGreaterThanOrEqual(before + 500);
    expect(deadline).toBeLessThanOrEqual(Date.now() + 500);
  });

  it('leaves a message without a budget alone', async () => {
    await expect(lastValueFrom(new DeadlineInterceptor().intercept(rpcContext({}), handler(() => currentDeadline() ?? 'none')))).resolves.toBe('none');
  });

  it('refuses a spent budget without starting the handler', async () => {
    const work = jest.fn();
    await expect(lastValueFrom(new DeadlineInterceptor().intercept(rpcContext({ [DEADLINE_FIELD]: 0 }), handler(work)))).rejects.toMatchObject({ statusCode: 504, code: 'DEADLINE_EXCEEDED' });
    expect(work).not.toHaveBeenCalled();
  });
});
