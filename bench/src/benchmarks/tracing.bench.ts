import type { Page, ProductView } from '@bazaar/contracts';
import { BenchContext } from '../bench.context';
import { compareLoads, Comparison } from '../load/http-load';
import { round } from '../load/stats';
import { BenchmarkResult, ResultRow } from '../report/result-row';
import { startHelper } from '../stack/helper-process';
import { processMemory } from '../stack/memory';
import { RunningService, startService } from '../stack/services';
import { latency, scanning } from './browse.bench';
import { getJson, listCategories } from './store-api';

export interface TracingFigures {
  /** Tracing on (as "bazaar") against off (as "baseline"), for each browse request. */
  categoryPage: Comparison;
  productPage: Comparison;
  /** Resident memory after the load, MB, traced and untraced. */
  rssMb: { gateway: { on: number; off: number }; catalog: { on: number; off: number } };
  /** Spans the receiver got per traced request, by service (readiness pings add a few): shows that every request was exported. */
  spansPerRequest: Record<string, number>;
  /** The most frequent span names, per traced request: what tracing records for one browse request. */
  spanNamesPerRequest: Record<string, number>;
  exportedBytes: number;
}

export const TRACING_GOAL = 0.9;

/**
 * Browse throughput with tracing on against off. A second gateway and catalog run with
 * TRACING_ENABLED=true, every span sampled (OTEL_TRACES_SAMPLER=always_on) and exported over
 * OTLP/HTTP to a receiver in its own process; the untraced pair is the stack's own. Both browse
 * requests are measured: on category pages FerretDB's scan hides most of the cost, product pages
 * show it.
 */
export async function tracingBenchmark(ctx: BenchContext): Promise<BenchmarkResult<TracingFigures>> {
  const { ports } = ctx;
  const [category] = await listCategories(ctx.stack.gateway.url);
  const [product] = (await getJson<Page<ProductView>>(`${ctx.stack.gateway.url}/api/products?category=${category.id}`)).items;
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
    const onAndOff = (path: string) => [{ url: `${gateway.url}${path}` }, { url: `${ctx.stack.gateway.url}${path}` }] as const;
    const categoryPage = await compareLoads(...onAndOff(`/api/products?category=${category.id}`), scanning(ctx.settings));
    const productPage = await compareLoads(...onAndOff(`/api/products/${product.id}`), ctx.settings);
    const rss = (service: RunningService) => processMemory(service.pid).rssMb;
    const rssMb = { gateway: { on: rss(gateway), off: rss(ctx.stack.gateway) }, catalog: { on: rss(catalog), off: rss(ctx.stack.catalog) } };
    // Stopping flushes what the batch span processors still hold.
    await Promise.all(traced.splice(0).map((service) => service.stop()));
    const stats = await getJson<{ bytes: number; spansByService: Record<string, number>; spansByName: Record<string, number> }>(`${sinkUrl}/stats`);
    const tracedRequests = [categoryPage, productPage].reduce((total, { bazaar, warmupRequests }) => total + bazaar.requests + warmupRequests.bazaar, 0);
    const perRequest = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).map(([key, spans]) => [key, round(spans / tracedRequests)]));
    const spansPerRequest = perRequest(stats.spansByService);
    const spanNamesPerRequest = perRequest(Object.fromEntries(Object.entries(stats.spansByName).sort((a, b) => b[1] - a[1]).slice(0, 25)));
    if (!spansPerRequest.gateway || !spansPerRequest.catalog) throw new Error(`the receiver got no spans from the traced gateway or catalog: ${JSON.stringify(stats.spansByService)}`);
    const rows: ResultRow[] = [
      ...comparisonRows('category page', categoryPage),
      ...comparisonRows('product page', productPage),
      { benchmark: 'tracing', figure: 'RSS MB after load, on vs off: gateway, catalog', bazaar: `${rssMb.gateway.on}, ${rssMb.catalog.on}`, baseline: `${rssMb.gateway.off}, ${rssMb.catalog.off}` },
      { benchmark: 'tracing', figure: 'spans exported per request', bazaar: Object.entries(spansPerRequest).map(([service, spans]) => `${service} ${spans}`).join(', ') },
    ];
    return { name: 'tracing', figures: { categoryPage, productPage, rssMb, spansPerRequest, spanNamesPerRequest, exportedBytes: stats.bytes }, rows };
  } finally {
    await Promise.all([...traced.map((service) => service.stop()), sink.stop()]);
  }
}

function comparisonRows(page: string, { bazaar, baseline, ratio, repetitionRatios }: Comparison): ResultRow[] {
  return [
    { benchmark: 'tracing', figure: `${page} requests/s, on vs off`, bazaar: bazaar.requestsPerSecond, baseline: baseline.requestsPerSecond, ratio, repetitionRatios, goal: `≥ ${TRACING_GOAL}×`, met: ratio >= TRACING_GOAL },
    { benchmark: 'tracing', figure: `${page} latency p50 / p99 ms, on vs off`, bazaar: latency(bazaar), baseline: latency(baseline) },
  ];
}
