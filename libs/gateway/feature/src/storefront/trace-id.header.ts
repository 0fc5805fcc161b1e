import { isSpanContextValid, SpanContext, trace, TraceFlags } from '@opentelemetry/api';
import { NestFastifyApplication } from '@nestjs/platform-fastify';

/** Carries the id of the request's trace, so a client (the storefront) can link to it in Jaeger. */
export const TRACE_ID_HEADER = 'x-trace-id';

/** The trace id worth showing: only for a valid span that is sampled, since an unsampled trace is never exported. */
export function exportedTraceId(spanContext: SpanContext | undefined): string | undefined {
  if (!spanContext || !isSpanContextValid(spanContext)) return undefined;
  return (spanContext.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED ? spanContext.traceId : undefined;
}

/** Adds X-Trace-Id to every response whose request is traced (the HTTP instrumentation's span is active in onRequest). */
export function addTraceIdHeader(app: NestFastifyApplication): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', async (_request, reply) => {
      const traceId = exportedTraceId(trace.getActiveSpan()?.spanContext());
      if (traceId) void reply.header(TRACE_ID_HEADER, traceId);
    });
}
