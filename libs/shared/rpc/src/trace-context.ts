import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { context, propagation, ROOT_CONTEXT, Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { Observable } from 'rxjs';
import { captureTraceContext, TraceCarrier } from '@bazaar/shared/observability';

// Nest's TCP transport has no headers and nothing instruments it, so the W3C trace context
// travels inside the payload under this field: callService injects it, the interceptor below
// takes it out again before the handler sees the payload.
export const TRACE_FIELD = '_trace';

const tracer = trace.getTracer('@bazaar/shared/rpc');

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The payload with the active trace context attached (unchanged when tracing is off). */
export function withTraceContext(data: unknown): unknown {
  const carrier = captureTraceContext();
  return isPlainObject(data) && Object.keys(carrier).length ? { ...data, [TRACE_FIELD]: carrier } : data;
}

function takeCarrier(data: unknown): TraceCarrier {
  if (!isPlainObject(data) || !isPlainObject(data[TRACE_FIELD])) return {};
  const carrier = data[TRACE_FIELD] as TraceCarrier;
  delete data[TRACE_FIELD];
  return carrier;
}

function endSpan(span: Span, error?: unknown): void {
  if (error !== undefined) span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : JSON.stringify(error) });
  span.end();
}

/** Runs each message handler in a server span that continues the caller's trace. */
@Injectable()
export class TraceContextInterceptor implements NestInterceptor {
  intercept(execution: ExecutionContext, next: CallHandler): Observable<unknown> {
    const rpc = execution.switchToRpc();
    const parent = propagation.extract(ROOT_CONTEXT, takeCarrier(rpc.getData()));
    const pattern = String(rpc.getContext()?.getPattern?.() ?? execution.getHandler().name);
    const span = tracer.startSpan(pattern, { kind: SpanKind.SERVER, attributes: { 'rpc.system': 'nestjs-tcp', 'rpc.method': pattern } }, parent);
    const active = trace.setSpan(parent, span);
    return new Observable((subscriber) =>
      context.with(active, () =>
        next.handle().subscribe({
          next: (value) => subscriber.next(value),
          error: (error) => {
            endSpan(span, error);
            subscriber.error(error);
          },
          complete: () => {
            endSpan(span);
            subscriber.complete();
          },
        }),
      ),
    );
  }
}
