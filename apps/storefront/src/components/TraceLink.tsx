import { useLastTrace } from '../api/trace-store';
import { useConfig } from '../state/config-context';

/** The trace of the request the page just made, linked to Jaeger when the gateway says where it is. */
export function TraceLink() {
  const trace = useLastTrace();
  const { jaegerUrl } = useConfig();
  if (!trace?.traceId) return null;
  const shortId = trace.traceId.slice(0, 12);
  return (
    <p className="trace" data-trace-id={trace.traceId}>
      <span className="trace__request">{trace.request}</span>
      {' · trace '}
      {jaegerUrl ? (
        <a href={`${jaegerUrl}/trace/${trace.traceId}`} target="_blank" rel="noreferrer" title={`Open trace ${trace.traceId} in Jaeger`}>
          {shortId}… ↗
        </a>
      ) : (
        <code title={trace.traceId}>{shortId}…</code>
      )}
    </p>
  );
}
