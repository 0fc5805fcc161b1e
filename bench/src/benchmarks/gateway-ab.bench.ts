import { resolve } from 'node:path';
import type { Page, ProductView } from '@bazaar/contracts';
import { BenchContext } from '../bench.context';
import { compareLoads, Comparison } from '../load/http-load';
import { round } from '../load/stats';
import { BenchmarkResult, ResultRow } from '../report/result-row';
import { startService } from '../stack/services';
import { addToCartComparison } from './add-to-cart.bench';
import { latency } from './browse.bench';
import { getJson, listCategories } from './store-api';

/** The gateway's CPU time per request, after over before: what a change buys, less disturbed by a busy machine than throughput. */
function cpuRow(request: string, { bazaar, baseline, repetitions }: Comparison): ResultRow {
  const cpu = (path: 'bazaar' | 'baseline') => repetitions.filter((run) => run.path === path).map((run) => run.cpuMicrosPerRequest ?? 0);
  const [after, before] = [cpu('bazaar'), cpu('baseline')];
  return {
    benchmark: 'gateway a/b',
    figure: `${request}: gateway CPU µs per request, after vs before`,
    bazaar: bazaar.cpuMicrosPerRequest ?? 0,
    baseline: baseline.cpuMicrosPerRequest ?? 0,
    ratio: round((bazaar.cpuMicrosPerRequest ?? 0) / (baseline.cpuMicrosPerRequest || 1)),
    repetitionRatios: after.map((micros, i) => round(micros / (before[i] || 1))),
  };
}

export interface GatewayAbFigures {
  before: string;
  addToCart: Comparison;
  productPage: Comparison;
}

/**
 * A change to the gateway measured in one run: the stack's gateway (this build, as "bazaar")
 * against one started from another build of it (`--ab-gateway=<dir>`, e.g. a copy of
 * dist/apps/gateway made before the change, as "baseline"), both in front of the same services,
 * alternated on add to cart and the product page.
 */
export async function gatewayAbBenchmark(ctx: BenchContext, beforeDist: string): Promise<BenchmarkResult<GatewayAbFigures>> {
  const before = await startService({ app: 'gateway', name: 'gateway-before', dist: resolve(beforeDist), env: { ...ctx.env.gateway, HTTP_PORT: `${ctx.ports.gatewayBefore.http}` } });
  try {
    const addToCart = await addToCartComparison(ctx, { url: `${ctx.stack.gateway.url}/api/cart/items`, pid: ctx.stack.gateway.pid }, { url: `${before.url}/api/cart/items`, pid: before.pid });
    const [category] = await listCategories(ctx.stack.gateway.url);
    const [product] = (await getJson<Page<ProductView>>(`${ctx.stack.gateway.url}/api/products?category=${category.id}`)).items;
    const productPage = await compareLoads({ url: `${ctx.stack.gateway.url}/api/products/${product.id}`, pid: ctx.stack.gateway.pid }, { url: `${before.url}/api/products/${product.id}`, pid: before.pid }, ctx.settings);
    const rows = Object.entries({ 'add to cart': addToCart, 'product page': productPage }).flatMap(([request, comparison]) => [
      { benchmark: 'gateway a/b', figure: `${request} requests/s, after vs before`, bazaar: comparison.bazaar.requestsPerSecond, baseline: comparison.baseline.requestsPerSecond, ratio: comparison.ratio, repetitionRatios: comparison.repetitionRatios },
      { benchmark: 'gateway a/b', figure: `${request} latency p50 / p99 ms, after vs before`, bazaar: latency(comparison.bazaar), baseline: latency(comparison.baseline) },
      cpuRow(request, comparison),
    ]);
    return { name: 'gateway a/b', figures: { before: resolve(beforeDist), addToCart, productPage }, rows };
  } finally {
    await before.stop();
  }
}
