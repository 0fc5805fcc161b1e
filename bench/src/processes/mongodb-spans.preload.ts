import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { Collection } from 'mongodb';
import { DRIVER_SPAN_PREFIX } from '../benchmarks/checkout-share';

/**
 * Loaded with `node --require` into the traced checkout's services, before their own tracing
 * preload: a client span around each single-round-trip MongoDB driver call (findOne, insertOne,
 * updateOne...). The services trace mongoose's calls only, and a few stores use the driver's
 * collection directly (processed_events: a lookup and a record per consumed event), which would
 * otherwise count as the platform's time. Calls through mongoose get both spans; the checkout
 * share takes the union. The tracer resolves to the service's SDK once that has started.
 */
const OPERATIONS = [
  'findOne',
  'insertOne',
  'insertMany',
  'updateOne',
  'updateMany',
  'replaceOne',
  'deleteOne',
  'deleteMany',
  'findOneAndUpdate',
  'findOneAndReplace',
  'findOneAndDelete',
  'countDocuments',
  'bulkWrite',
] as const;

const tracer = trace.getTracer('bench-mongodb-driver');
const prototype = Collection.prototype as unknown as Record<string, (this: Collection, ...args: unknown[]) => Promise<unknown>>;

for (const operation of OPERATIONS) {
  const original = prototype[operation];
  prototype[operation] = function (this: Collection, ...args: unknown[]) {
    const span = tracer.startSpan(`${DRIVER_SPAN_PREFIX}${operation} ${this.collectionName}`, {
      kind: SpanKind.CLIENT,
      attributes: { 'db.system.name': 'mongodb', 'db.operation.name': operation, 'db.collection.name': this.collectionName, 'db.namespace': this.dbName },
    });
    return original.apply(this, args).then(
      (result) => {
        span.end();
        return result;
      },
      (error: unknown) => {
        span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
        throw error;
      },
    );
  };
}
