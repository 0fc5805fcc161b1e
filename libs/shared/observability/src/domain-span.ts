import { Attributes, SpanStatusCode, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('@bazaar/domain');

/**
 * Runs a domain step worth seeing in a trace ("reserve stock", "outbox publish") in a span of its
 * own; the instrumented calls it makes become its children. Instrumentations cover the rest.
 */
export function inSpan<T>(name: string, attributes: Attributes, step: () => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await step();
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}
