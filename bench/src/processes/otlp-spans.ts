type OtlpValue = { stringValue?: string; intValue?: string | number; doubleValue?: number; boolValue?: boolean };
type OtlpAttributes = { key: string; value?: OtlpValue }[];

interface OtlpSpan {
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  name?: string;
  kind?: number;
  startTimeUnixNano?: string | number;
  endTimeUnixNano?: string | number;
  attributes?: OtlpAttributes;
}

interface OtlpTraces {
  resourceSpans?: {
    resource?: { attributes?: OtlpAttributes };
    scopeSpans?: { spans?: OtlpSpan[] }[];
  }[];
}

/** OTLP's span kinds (SPAN_KIND_*). */
export const SpanKind = { INTERNAL: 1, SERVER: 2, CLIENT: 3, PRODUCER: 4, CONSUMER: 5 } as const;

/** One span as the bench reads it: times in epoch ms, only the attributes that classify it. */
export interface DecodedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  service: string;
  name: string;
  kind: number;
  startMs: number;
  endMs: number;
  attributes: Record<string, string | number | boolean>;
}

/** The attributes kept by decodeSpans: what says a span is a database call, a Kafka send or receive, an outbox publish. */
const KEPT_ATTRIBUTE = /^(db\.(system|operation|collection)|messaging\.(system|operation|destination\.name|kafka\.message\.key)|bazaar\.)/;

const serviceOf = (attributes: OtlpAttributes | undefined) => attributes?.find(({ key }) => key === 'service.name')?.value?.stringValue ?? 'unknown';

/** Spans in one OTLP/JSON ExportTraceServiceRequest: per `service.name`, and per "service: span name". */
export function countSpans(request: OtlpTraces): { byService: Record<string, number>; byName: Record<string, number> } {
  const byService: Record<string, number> = {};
  const byName: Record<string, number> = {};
  for (const { resource, scopeSpans = [] } of request.resourceSpans ?? []) {
    const service = serviceOf(resource?.attributes);
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

const valueOf = ({ stringValue, intValue, doubleValue, boolValue }: OtlpValue = {}) => stringValue ?? (intValue !== undefined ? Number(intValue) : (doubleValue ?? boolValue));

/** Nanoseconds since the epoch (a decimal string in OTLP/JSON) to ms, without losing the sub-ms part to a float. */
function epochMs(nanos: string | number | undefined): number {
  if (nanos === undefined) return Number.NaN;
  const big = BigInt(nanos);
  return Number(big / 1_000_000n) + Number(big % 1_000_000n) / 1e6;
}

/** The spans of one OTLP/JSON export, each with its service, kind, times and classifying attributes. */
export function decodeSpans(request: OtlpTraces): DecodedSpan[] {
  return (request.resourceSpans ?? []).flatMap(({ resource, scopeSpans = [] }) => {
    const service = serviceOf(resource?.attributes);
    return scopeSpans.flatMap(({ spans = [] }) =>
      spans.map((span) => {
        const attributes: DecodedSpan['attributes'] = {};
        for (const { key, value } of span.attributes ?? []) {
          const decoded = valueOf(value);
          if (KEPT_ATTRIBUTE.test(key) && decoded !== undefined) attributes[key] = decoded;
        }
        return {
          traceId: span.traceId ?? '',
          spanId: span.spanId ?? '',
          ...(span.parentSpanId ? { parentSpanId: span.parentSpanId } : {}),
          service,
          name: span.name ?? '(unnamed)',
          kind: span.kind ?? SpanKind.INTERNAL,
          startMs: epochMs(span.startTimeUnixNano),
          endMs: epochMs(span.endTimeUnixNano),
          attributes,
        };
      }),
    );
  });
}
