import { context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';

/** W3C trace context (`traceparent`, `tracestate`) as plain strings: what crosses a hop or waits in storage. */
export type TraceCarrier = Record<string, string>;

/** The active trace context, to carry along with work that continues elsewhere or later (empty when tracing is off). */
export function captureTraceContext(): TraceCarrier {
  const carrier: TraceCarrier = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}

/** Runs `fn` as a continuation of the captured trace, so the spans it starts join that trace. */
export function runInTraceContext<T>(carrier: TraceCarrier | undefined, fn: () => T): T {
  if (!carrier || Object.keys(carrier).length === 0) return fn();
  return context.with(propagation.extract(ROOT_CONTEXT, carrier), fn);
}
