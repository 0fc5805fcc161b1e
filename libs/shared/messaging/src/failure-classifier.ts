import { NonRetryableEventError } from './event-handler';

/**
 * What a handler's failure means for the message:
 * - `transient`: a dependency is unavailable or timing out. The event is valid; the consumer waits
 *   for the dependency (never parks it), however long that takes.
 * - `poison`: retrying cannot help (the event contradicts what we know, a write the database
 *   rejects as invalid). Parked at once with the reason.
 * - `unknown`: anything else. Retried a bounded number of times in place, then parked: a
 *   deterministic bug must not block a partition forever.
 */
export type FailureClass = { kind: 'transient'; dependency: string } | { kind: 'poison' } | { kind: 'unknown' };

/** Recognises some errors; `undefined` leaves the error to the next classifier. */
export type FailureClassifier = (error: unknown) => FailureClass | undefined;

const transient = (dependency: string): FailureClass => ({ kind: 'transient', dependency });

interface ErrorLike {
  name?: string;
  message?: string;
  code?: unknown;
  cause?: unknown;
  retriable?: unknown;
  statusCode?: unknown;
  address?: unknown;
  port?: unknown;
  hasErrorLabel?: (label: string) => boolean;
  errorLabels?: unknown;
}

const asErrorLike = (error: unknown): ErrorLike | undefined => (typeof error === 'object' && error !== null ? (error as ErrorLike) : undefined);

const MONGO_TRANSIENT_NAMES = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
  'MongoWaitQueueTimeoutError',
]);
const MONGO_TRANSIENT_LABELS = ['RetryableWriteError', 'TransientTransactionError', 'ResetPool'];

/** The drivers' own word that the server could not be reached or the operation may be retried. */
export const mongoTransient: FailureClassifier = (error) => {
  const e = asErrorLike(error);
  if (!e) return undefined;
  if (e.name && MONGO_TRANSIENT_NAMES.has(e.name)) return transient('mongodb');
  const labels = Array.isArray(e.errorLabels) ? (e.errorLabels as string[]) : [];
  if (MONGO_TRANSIENT_LABELS.some((label) => labels.includes(label) || e.hasErrorLabel?.(label))) return transient('mongodb');
  // Mongoose queues operations while disconnected and gives up after bufferTimeoutMS.
  if (e.name === 'MongooseError' && /buffering timed out/.test(e.message ?? '')) return transient('mongodb');
  return undefined;
};

const REDIS_TRANSIENT_MESSAGES = [/^Connection is closed/, /Stream isn't writeable/, /^Reached the max retries per request limit/];

export const redisTransient: FailureClassifier = (error) => {
  const e = asErrorLike(error);
  if (!e) return undefined;
  if (e.name === 'MaxRetriesPerRequestError') return transient('redis');
  if (REDIS_TRANSIENT_MESSAGES.some((pattern) => pattern.test(e.message ?? ''))) return transient('redis');
  return undefined;
};

/** kafkajs marks the errors a retry can fix (a leader moving, a broker restarting) as retriable. */
export const kafkaTransient: FailureClassifier = (error) => {
  const e = asErrorLike(error);
  if (e?.name?.startsWith('KafkaJS') && (e.retriable === true || e.name === 'KafkaJSConnectionError' || e.name === 'KafkaJSNumberOfRetriesExceeded')) return transient('kafka');
  return undefined;
};

/** `ServiceError` of @bazaar/shared/rpc, recognised by its shape: a 503 or 504 names the dependency in its message. */
export const serviceUnavailable: FailureClassifier = (error) => {
  const e = asErrorLike(error);
  if (e?.name !== 'ServiceError' || (e.statusCode !== 503 && e.statusCode !== 504)) return undefined;
  const named = /^(\S+) (?:is unavailable|did not answer)/.exec(e.message ?? '');
  return transient(named?.[1] ?? 'downstream service');
};

const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNABORTED']);

export const socketTransient: FailureClassifier = (error) => {
  const e = asErrorLike(error);
  if (typeof e?.code !== 'string' || !SOCKET_CODES.has(e.code)) return undefined;
  return transient(e.address && e.port ? `${String(e.address)}:${String(e.port)}` : 'network');
};

/** What retrying cannot change: the handler's own verdict, or a document the database rejects as invalid. */
export const deterministicPoison: FailureClassifier = (error) => {
  if (error instanceof NonRetryableEventError) return { kind: 'poison' };
  const name = asErrorLike(error)?.name;
  if (name === 'NonRetryableEventError' || name === 'ValidationError' || name === 'CastError' || name === 'StrictModeError') return { kind: 'poison' };
  return undefined;
};

export const DEFAULT_FAILURE_CLASSIFIERS: readonly FailureClassifier[] = [deterministicPoison, mongoTransient, redisTransient, kafkaTransient, serviceUnavailable, socketTransient];

const MAX_CAUSE_DEPTH = 5;

/**
 * Classifies by mechanism, following `cause` (a wrapped driver error is still a driver error).
 * The service's own classifiers are asked first, so it can add transient types of its own.
 */
export function classifyFailure(error: unknown, extra: readonly FailureClassifier[] = []): FailureClass {
  const classifiers = [...extra, ...DEFAULT_FAILURE_CLASSIFIERS];
  let current: unknown = error;
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && current !== undefined && current !== null; depth++) {
    for (const classify of classifiers) {
      const found = classify(current);
      if (found) return found;
    }
    current = asErrorLike(current)?.cause;
  }
  return { kind: 'unknown' };
}
