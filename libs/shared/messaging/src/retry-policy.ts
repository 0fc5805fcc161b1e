/** Capped exponential backoff: attempt n waits initialDelayMs * 2^(n-1), at most maxDelayMs. */
export interface BackoffPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
}

/** Bounded retries with capped exponential backoff. */
export interface RetryPolicy extends BackoffPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
}

/** For failures of unknown cause, about 6 s in all; a dependency's unavailability is waited out without limit. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 5, initialDelayMs: 200, maxDelayMs: 3200 };

export function backoffDelay(policy: BackoffPolicy, attempt: number): number {
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, attempt - 1));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
