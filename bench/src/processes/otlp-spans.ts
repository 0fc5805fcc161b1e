interface OtlpTraces {
  resourceSpans?: {
    resource?: { attributes?: { key: string; value?: { stringValue?: string } }[] };
    scopeSpans?: { spans?: { name?: string }[] }[];
  }[];
}

/** Spans in one OTLP/JSON ExportTraceServiceRequest: per `service.name`, and per "service: span name". */
export function countSpans(request: OtlpTraces): { byService: Record<string, number>; byName: Record<string, number> } {
  const byService: Record<string, number> = {};
  const byName: Record<string, number> = {};
  for (const { resource, scopeSpans = [] } of request.resourceSpans ?? []) {
    const service = resource?.attributes?.find(({ key }) => key === 'service.name')?.value?.stringValue ?? 'unknown';
    byService[service] ??= 0;
    for (const { spans = [] } of scopeSpans) {
      byService[service] += spans.length;
      for (const { name = '(unnamed)' } of spans) byName[`${service}: ${name}`] = (byName[`${service}: ${name}`] ?? 0) + 1;
    }
  }
  return { byService, byName };
}

/** Adds one export's counts into running totals. */
export function addCounts(totals: Record<string, number>, counts: Record<string, number>): void {
  for (const [key, count] of Object.entries(counts)) totals[key] = (totals[key] ?? 0) + count;
}
