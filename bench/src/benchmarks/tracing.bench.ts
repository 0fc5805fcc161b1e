import { BenchContext } from '../bench.context';
import { compareLoads, Comparison } from '../load/http-load';
import { round } from '../load/stats';
import { BenchmarkResult } from '../report/result-row';
import { startHelper } from '../stack/helper-process';
import { processMemory } from '../stack/memory';
import { RunningService, startService } from '../stack/services';
import { latency } from './browse.bench';
import { getJson, listCategories } from './store-api';

export interface TracingFigures extends Comparison {
  /** Resident memory after the load, MB, traced and untraced. */
  rssMb: { gateway: { on: number; off: number }; catalog: { on: number; off: number } };
  /** Spans the receiver got per traced request, by service (readiness pings add a few): shows that every request was exported. */
  spansPerRequest: Record<string, number>;
  exportedBytes: number;
}

export const TRACING_GOAL = 0.9;

/**
 * Browse throughput with tracing on against off. A second gateway and catalog run with
 * TRACING_ENABLED=true, every span sampled (OTEL_TRACES_SAMPLER=always_on) and exported over
 * OTLP/HTTP to a receiver in its own process; the untraced pair is the stack's own.
 */
export async function tracingBenchmark(ctx: BenchContext): Promise<BenchmarkResult<TracingFigures>> {
  const { ports } = ctx;
  const [category] = await listCategories(ctx.stack.gateway.url);
  const sinkUrl = `http://127.0.0.1:${ports.otlpSink}`;
  const sink = await startHelper('otlp-sink', { PORT: `${ports.otlpSink}` });
  const tracing = { TRACING_ENABLED: 'true', OTEL_TRACES_SAMPLER: 'always_on', OTEL_EXPORTER_OTLP_ENDPOINT: sinkUrl };
  const traced: RunningService[] = [];
  try {
    const catalog = await startService({
      app: 'catalog',
      name: 'catalog-traced',
      // Its own topics: it must not take OrderPlaced partitions from the stack's catalog.
      env: { ...ctx.env.catalog, ...tracing, HTTP_PORT: `${ports.tracedCatalog.http}`, TCP_PORT: `${ports.tracedCatalog.tcp}`, KAFKA_TOPIC_PREFIX: `${ctx.scope.topicPrefix}traced.` },
    });
    traced.push(catalog);
    const gateway = await startService({
      app: 'gateway',
      name: 'gateway-traced',
      env: { ...ctx.env.gateway, ...tracing, HTTP_PORT: `${ports.tracedGateway.http}`, CATALOG_ADDR: `127.0.0.1:${ports.tracedCatalog.tcp}` },
    });
    traced.push(gateway);
    const path = `/api/products?category=${category.id}`;
    const comparison = await compareLoads({ url: `${gateway.url}${path}` }, { url: `${ctx.stack.gateway.url}${path}` }, ctx.settings);
    const rss = (service: RunningService) => processMemory(service.pid).rssMb;
    const rssMb = { gateway: { on: rss(gateway), off: rss(ctx.stack.gateway) }, catalog: { on: rss(catalog), off: rss(ctx.stack.catalog) } };
    // Stopping flushes what the batch span processors still hold.
    await Promise.all(traced.splice(0).map((service) => service.stop()));
    const stats = await getJson<{ bytes: number; spansByService: Record<string, number> }>(`${sinkUrl}/stats`);
    const tracedRequests = comparison.bazaar.requests + comparison.warmupRequests.bazaar;
    const spansPerRequest = Object.fromEntries(Object.entries(stats.spansByService).map(([service, spans]) => [service, round(spans / tracedRequests)]));
    if (!spansPerRequest.gateway || !spansPerRequest.catalog) throw new Error(`the receiver got no spans from the traced gateway or catalog: ${JSON.stringify(stats.spansByService)}`);
    return {
      name: 'tracing',
      figures: { ...comparison, rssMb, spansPerRequest, exportedBytes: stats.bytes },
      rows: [
        { benchmark: 'tracing', figure: 'browse requests/s, on vs off', bazaar: comparison.bazaar.requestsPerSecond, baseline: comparison.baseline.requestsPerSecond, ratio: comparison.ratio, goal: `≥ ${TRACING_GOAL}×`, met: comparison.ratio >= TRACING_GOAL },
        { benchmark: 'tracing', figure: 'latency p50 / p99 ms, on vs off', bazaar: latency(comparison.bazaar), baseline: latency(comparison.baseline) },
        { benchmark: 'tracing', figure: 'RSS MB after load, on vs off: gateway, catalog', bazaar: `${rssMb.gateway.on}, ${rssMb.catalog.on}`, baseline: `${rssMb.gateway.off}, ${rssMb.catalog.off}` },
        { benchmark: 'tracing', figure: 'spans exported per request', bazaar: Object.entries(spansPerRequest).map(([service, spans]) => `${service} ${spans}`).join(', ') },
      ],
    };
  } finally {
    await Promise.all([...traced.map((service) => service.stop()), sink.stop()]);
  }
}
