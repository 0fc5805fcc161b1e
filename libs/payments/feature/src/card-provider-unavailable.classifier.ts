import { ProviderUnavailableError } from '@bazaar/payments/domain';
import { FailureClassifier } from '@bazaar/shared/messaging';

/** The card provider did not answer: the event waits for it like for any dependency (retried with backoff, never parked). */
export const cardProviderUnavailable: FailureClassifier = (error) =>
  error instanceof ProviderUnavailableError ? { kind: 'transient', dependency: 'card provider' } : undefined;
