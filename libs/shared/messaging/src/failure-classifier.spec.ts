import { classifyFailure, FailureClassifier } from './failure-classifier';
import { NonRetryableEventError } from './event-handler';

const named = (name: string, message = 'x', extra: Record<string, unknown> = {}) => Object.assign(new Error(message), { name }, extra);

describe('classifyFailure', () => {
  it.each([
    ['MongoNetworkError', named('MongoNetworkError', 'connection 1 to 127.0.0.1:27017 closed'), 'mongodb'],
    ['MongoServerSelectionError', named('MongoServerSelectionError', 'Server selection timed out after 3000 ms'), 'mongodb'],
    ['MongoNetworkTimeoutError', named('MongoNetworkTimeoutError'), 'mongodb'],
    ['a RetryableWriteError label', named('MongoServerError', 'not primary', { errorLabels: ['RetryableWriteError'] }), 'mongodb'],
    ['a TransientTransactionError label', named('MongoServerError', 'x', { hasErrorLabel: (l: string) => l === 'TransientTransactionError' }), 'mongodb'],
    ['mongoose buffering timeout', named('MongooseError', 'Operation `orders.findOne()` buffering timed out after 10000ms'), 'mongodb'],
    ['ioredis MaxRetriesPerRequestError', named('MaxRetriesPerRequestError', 'Reached the max retries per request limit (which is 1).'), 'redis'],
    ['ioredis closed connection', new Error('Connection is closed.'), 'redis'],
    ['a retriable kafkajs error', named('KafkaJSProtocolError', 'leader not available', { retriable: true }), 'kafka'],
    ['an rpc 503', named('ServiceError', 'catalog is unavailable', { statusCode: 503 }), 'catalog'],
    ['an rpc 504', named('ServiceError', 'catalog did not answer within 5000 ms', { statusCode: 504 }), 'catalog'],
    ['a refused socket', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED', address: '127.0.0.1', port: 6379 }), '127.0.0.1:6379'],
    ['a reset socket', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), 'network'],
    ['a driver error wrapped as the cause', new Error('reserve failed', { cause: named('MongoNetworkError') }), 'mongodb'],
  ])('%s is transient, waiting on its dependency', (_what, error, dependency) => {
    expect(classifyFailure(error)).toEqual({ kind: 'transient', dependency });
  });

  it.each([
    ['NonRetryableEventError', new NonRetryableEventError('contradicts the order')],
    ['a mongoose ValidationError', named('ValidationError', 'Order validation failed')],
    ['a mongoose CastError', named('CastError')],
  ])('%s is poison', (_what, error) => {
    expect(classifyFailure(error)).toEqual({ kind: 'poison' });
  });

  it.each([
    ['a plain Error', new Error('something odd')],
    ['a TypeError', new TypeError('x is undefined')],
    ['an rpc 409', named('ServiceError', 'conflict', { statusCode: 409 })],
    ['a non-retriable kafkajs error', named('KafkaJSProtocolError', 'bad', { retriable: false })],
    ['not an error at all', 'boom'],
  ])('%s is unknown', (_what, error) => {
    expect(classifyFailure(error)).toEqual({ kind: 'unknown' });
  });

  it("asks the service's own classifiers first", () => {
    class LedgerDown extends Error {}
    const ledger: FailureClassifier = (error) => (error instanceof LedgerDown ? { kind: 'transient', dependency: 'ledger' } : undefined);
    expect(classifyFailure(new LedgerDown('no'), [ledger])).toEqual({ kind: 'transient', dependency: 'ledger' });
    expect(classifyFailure(new LedgerDown('no'))).toEqual({ kind: 'unknown' });
  });
});
