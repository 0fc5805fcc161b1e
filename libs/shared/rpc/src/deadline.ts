import { AsyncLocalStorage } from 'node:async_hooks';
import { ServiceError } from './service-error';

// Like gRPC's `grpc-timeout`, the caller's remaining budget travels in the payload as a relative
// number of milliseconds, measured when the message is sent. The receiver turns it back into a
// deadline on its own clock, so the clocks of two hosts never have to agree (an absolute epoch
// deadline would be off by the skew between them). What this ignores is the time on the wire,
// which makes the receiver's deadline later than the caller's by that transit time: on one
// machine or one network, a few milliseconds.
export const DEADLINE_FIELD = '_deadlineMs';

const ambient = new AsyncLocalStorage<number>();

/** The epoch-ms deadline of the work in progress (a service call being handled), if it has one. */
export function currentDeadline(): number | undefined {
  return ambient.getStore();
}

/** Milliseconds left before the ambient deadline; Infinity when there is none. */
export function remainingMs(now = Date.now()): number {
  const deadline = ambient.getStore();
  return deadline === undefined ? Infinity : deadline - now;
}

/**
 * Runs `work` with a deadline `budgetMs` from now. A nested deadline can only shorten the one it
 * runs in, never extend it: what the caller is still waiting for bounds everything below.
 */
export function withDeadline<T>(budgetMs: number, work: () => T, now = Date.now()): T {
  return ambient.run(Math.min(now + budgetMs, currentDeadline() ?? Infinity), work);
}

export function deadlineExceeded(what: string): ServiceError {
  return new ServiceError(504, 'DEADLINE_EXCEEDED', `The request ran out of time before ${what}`);
}

/**
 * The time a service call may take: its own timeout, capped by what is left of the ambient
 * deadline. With nothing left it fails at once (504 DEADLINE_EXCEEDED) and nothing is sent:
 * nobody would wait for the answer.
 */
export function callBudgetMs(timeoutMs: number, what: string, now = Date.now()): number {
  const left = remainingMs(now);
  if (left <= 0) throw deadlineExceeded(what);
  return Math.min(timeoutMs, left);
}

/**
 * For a handler about to start work it cannot take back (a write): refuses with 504
 * DEADLINE_EXCEEDED when less than `neededMs` is left, so a caller that has already given up
 * does not leave a write behind that it never hears about.
 */
export function requireTimeLeft(neededMs: number, what: string, now = Date.now()): void {
  if (remainingMs(now) < neededMs) throw deadlineExceeded(what);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The payload with the budget the callee has (unchanged for a payload that is not an object). */
export function withDeadlineField(data: unknown, budgetMs: number): unknown {
  return isPlainObject(data) ? { ...data, [DEADLINE_FIELD]: Math.max(0, Math.floor(budgetMs)) } : data;
}

/** Takes the budget out of a received payload (the handler never sees it); undefined when the caller sent none. */
export function takeDeadlineField(data: unknown): number | undefined {
  if (!isPlainObject(data) || !(DEADLINE_FIELD in data)) return undefined;
  const budget = data[DEADLINE_FIELD];
  delete data[DEADLINE_FIELD];
  return typeof budget === 'number' && Number.isFinite(budget) ? budget : undefined;
}
