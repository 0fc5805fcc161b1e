import { getJson } from '@bazaar/shared/testing';

interface JaegerTrace {
  spans: { spanID: string; references: { refType: string; spanID: string }[]; tags: { key: string; value: unknown }[]; operationName: string; processID: string }[];
  processes: Record<string, { serviceName: string }>;
}

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
  const errors = trace.spans.filter((span) => span.tags.some((tag) => tag.key === 'error' && tag.value === true));
  if (roots !== 1 || orphans > 0) return { ok: false, detail: `trace ${traceId}: ${roots} roots, ${orphans} orphan spans` };
  if (errors.length === 0) return { ok: false, detail: `trace ${traceId}: no span marked as an error` };
  const first = errors[0];
  return { ok: true, detail: `${trace.processes[first.processID]?.serviceName}: ${first.operationName}` };
}
