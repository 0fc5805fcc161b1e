import { FailureClassifier } from '@bazaar/shared/messaging';

/**
 * The order's claim (reservation or release) belongs to another delivery and its lease has not run
 * out. Acknowledging the event would leave the outcome to that delivery alone, and if it was killed
 * (a process restarted within the lease) nothing would ever come back to finish or undo it: the
 * stock its marks hold would stay taken. So the event waits instead, until the claimant decides or
 * the lease runs out and the retry takes the claim over.
 */
export class ClaimInProgressError extends Error {
  override readonly name = 'ClaimInProgressError';

  constructor(readonly orderId: string) {
    super(`the stock claim of order ${orderId} is held by another delivery within its lease`);
  }
}

/** Waits for the claim like for an unavailable dependency: retried with capped backoff, never parked. */
export const claimInProgress: FailureClassifier = (error) => (error instanceof ClaimInProgressError ? { kind: 'transient', dependency: 'stock claim' } : undefined);
