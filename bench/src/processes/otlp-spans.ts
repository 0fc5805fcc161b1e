interface OtlpTraces {
  resourceSpans?: {
    resource?: { attributes?: { key: string; value?: { stringValue?: string } }[] };
    scopeSpans?: { spans?: unknown[] }[];
  }[];
}

/** Spans per `service.name` in one OTLP/JSON ExportTraceServiceRequest. */
export function countSpans(request: OtlpTraces): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { resource, scopeSpans = [] } of request.resourceSpans ?? []) {
    const service = resource?.attributes?.find(({ key }) => key === 'service.name')?.value?.stringValue ?? 'unknown';
    counts[service] = (counts[service] ?? 0) + scopeSpans.reduce((total, { spans = [] }) => total + spans.length, 0);
  }
  return counts;
}
