// Which dependency an error says is unreachable, by mechanism: the drivers' own errors (MongoDB,
// Redis, Kafka), a socket error, or another service's 503/504. One place for the consumers (the
// event processor waits in place for a transient failure) and the request handlers (an RPC reply
// of 503 DEPENDENCY_UNAVAILABLE instead of an internal error).

/**
 * What a failure means for the message:
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

export const transient = (dependency: string): FailureClass => ({ kind: 'transient', dependency });

export interface ErrorLike {
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

export const asErrorLike = (error: unknown): ErrorLike | undefined => (typeof error === 'object' && error !== null ? (error as ErrorLike) : undefined);

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

export const DEPENDENCY_FAILURE_CLASSIFIERS: readonly FailureClassifier[] = [mongoTransient, redisTransient, kafkaTransient, serviceUnavailable, socketTransient];

const MAX_CAUSE_DEPTH = 5;

/** The first class a classifier gives, following `cause` (a wrapped driver error is still a driver error). */
export function classifyAlongCauses(error: unknown, classifiers: readonly FailureClassifier[]): FailureClass {
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

/** The dependency an error says is unreachable or timing out, if it says so. */
export function unavailableDependency(error: unknown): string | undefined {
  const failure = classifyAlongCauses(error, DEPENDENCY_FAILURE_CLASSIFIERS);
  return failure.kind === 'transient' ? failure.dependency : undefined;
}
