import { asErrorLike, classifyAlongCauses, DEPENDENCY_FAILURE_CLASSIFIERS, type FailureClass, type FailureClassifier } from '@bazaar/shared/rpc';
import { NonRetryableEventError } from './event-handler';

export type { FailureClass, FailureClassifier } from '@bazaar/shared/rpc';
export { kafkaTransient, mongoTransient, redisTransient, serviceUnavailable, socketTransient } from '@bazaar/shared/rpc';

/** What retrying cannot change: the handler's own verdict, or a document the database rejects as invalid. */
export const deterministicPoison: FailureClassifier = (error) => {
  if (error instanceof NonRetryableEventError) return { kind: 'poison' };
  const name = asErrorLike(error)?.name;
  if (name === 'NonRetryableEventError' || name === 'ValidationError' || name === 'CastError' || name === 'StrictModeError') return { kind: 'poison' };
  return undefined;
};

export const DEFAULT_FAILURE_CLASSIFIERS: readonly FailureClassifier[] = [deterministicPoison, ...DEPENDENCY_FAILURE_CLASSIFIERS];

/**
 * Classifies by mechanism, following `cause` (a wrapped driver error is still a driver error).
 * The service's own classifiers are asked first, so it can add transient types of its own.
 */
export function classifyFailure(error: unknown, extra: readonly FailureClassifier[] = []): FailureClass {
  return classifyAlongCauses(error, [...extra, ...DEFAULT_FAILURE_CLASSIFIERS]);
}
