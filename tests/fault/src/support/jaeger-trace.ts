import { getJson } from '@bazaar/shared/testing';

interface JaegerTrace {
  spans: { spanID: string; references: { refType: string; spanID: string }[]; tags: { key: string; value: unknown }[]; operationName: string; processID: string }[];
  processes: Record<string, { serviceName: string }>;
}

const hasError = (span: JaegerTrace['spans'][number]) => span.tags.some((tag) => tag.key === 'error' && tag.value === true);

/**
 * What one faulted checkout's trace shows: 'ok' when it is one trace (a single root, every parent
 * present) with at least one span marked as an error, otherwise what is wrong.
 */
export async function checkFaultedTrace(jaegerUrl: string, traceId: string): Promise<{ ok: boolean; detail: string }> {
  const { status, body } = await getJson(`${jaegerUrl}/api/traces/${traceId}`).catch(() => ({ status: 0, body: undefined }));
  const trace = body?.data?.[0] as JaegerTrace | undefined;
  if (status !== 200 || !trace) return { ok: false, detail: `trace ${traceId} not in Jaeger (HTTP ${status})` };
  const ids = new Set(trace.spans.map((span) => span.spanID));
  const parentOf = (span: JaegerTrace['spans'][number]) => span.references.find((ref) => ref.refType === 'CHILD_OF')?.spanID;
  const roots = trace.spans.filter((span) => !parentOf(span)).length;
  const orphans = trace.spans.filter((span) => parentOf(span) && !ids.has(parentOf(span) as string)).length;
  const errors = trace.spans.filter(hasError);
  if (roots !== 1 || orphans > 0) return { ok: false, detail: `trace ${traceId}: ${roots} roots, ${orphans} orphan spans` };
  if (errors.length === 0) return { ok: false, detail: `trace ${traceId}: no span marked as an error` };
  const first = errors[0];
  return { ok: true, detail: `${trace.processes[first.processID]?.serviceName}: ${first.operationName}` };
}

/**
 * This stack's checkout traces with a span marked as an error that started in [fromMs, toMs].
 * Jaeger's memory store cannot search on the error status, so each service's traces of the
 * window are read and filtered here: a failing consumer or relay span is in order's, catalog's,
 * cart's or payments' traces. Jaeger is shared: the search keeps to `environment` (DEPLOYMENT_ENVIRONMENT).
 */
export async function errorTracesBetween(jaegerUrl: string, environment: string, fromMs: number, toMs: number): Promise<string[]> {
  const found = new Set<string>();
  for (const service of ['gateway', 'order', 'catalog', 'cart', 'payments']) {
    const query = new URLSearchParams({
      service,
      ...(service === 'gateway' ? { operation: 'POST /api/checkout' } : {}),
      tags: JSON.stringify({ 'deployment.environment.name': environment }),
      start: String(fromMs * 1000),
      end: String(toMs * 1000),
      limit: '500',
    });
    const { body } = await getJson(`${jaegerUrl}/api/traces?${query}`).catch(() => ({ body: undefined }));
    for (const trace of (body?.data ?? []) as (JaegerTrace & { traceID: string })[]) {
      const isCheckout = trace.spans.some((span) => span.operationName === 'POST /api/checkout' && trace.processes[span.processID]?.serviceName === 'gateway');
      if (isCheckout && trace.spans.some(hasError)) found.add(trace.traceID);
    }
  }
  return [...found];
}
