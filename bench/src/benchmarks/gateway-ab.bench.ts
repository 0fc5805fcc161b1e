import { resolve } from 'node:path';
import type { Page, ProductView } from '@bazaar/contracts';
import { BenchContext } from '../bench.context';
import { compareLoads, Comparison } from '../load/http-load';
import { round } from '../load/stats';
import { BenchmarkResult, ResultRow } from '../report/result-row';
import { startHelper } from '../stack/helper-process';
import { startService } from '../stack/services';
import { STAND_IN_PRODUCT } from '../processes/stand-in-answers';
import { addToCartComparison, addToNewCarts } from './add-to-cart.bench';
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
    return { name: 'gateway a/b', figures: { before: resolve(beforeDist), addToCart, productPage }, rows: abRows(addToCart, productPage) };
  } finally {
    await before.stop();
  }
}

/**
 * The same A/B with nothing behind the two gateways but a stand-in for every service, answering at
 * once (`--ab-gateway-alone=<dir>`; bench/src/processes/service-stand-in.ts): no catalog, cart or
 * database shares the two cores, so what differs between the builds is the gateway's own work. Only
 * Redis is real (the rate limit's counts).
 */
export async function gatewayAloneAbBenchmark(ctx: Omit<BenchContext, 'stack'>, beforeDist: string): Promise<BenchmarkResult<GatewayAbFigures>> {
  const standIn = await startHelper('service-stand-in', { PORT: `${ctx.ports.serviceStandIn}` });
  const at = `127.0.0.1:${ctx.ports.serviceStandIn}`;
  const env = { ...ctx.env.gateway, CATALOG_ADDR: at, CART_ADDR: at, ORDER_ADDR: at, PAYMENTS_ADDR: at };
  const starts = await Promise.allSettled([
    startService({ app: 'gateway', name: 'gateway-alone', env: { ...env, HTTP_PORT: `${ctx.ports.gatewayAlone.http}` } }),
    startService({ app: 'gateway', name: 'gateway-before', dist: resolve(beforeDist), env: { ...env, HTTP_PORT: `${ctx.ports.gatewayBefore.http}` } }),
  ]);
  const started = starts.flatMap((start) => (start.status === 'fulfilled' ? [start.value] : []));
  try {
    const failed = starts.find((start) => start.status === 'rejected');
    if (failed) throw failed.reason;
    const [after, before] = started.map(({ url, pid }) => ({ api: `${url}/api`, pid }));
    const addToCart = await compareLoads({ ...addToNewCarts(`${after.api}/cart/items`, [STAND_IN_PRODUCT.id]), pid: after.pid }, { ...addToNewCarts(`${before.api}/cart/items`, [STAND_IN_PRODUCT.id]), pid: before.pid }, ctx.settings);
    const productPage = await compareLoads({ url: `${after.api}/products/${STAND_IN_PRODUCT.id}`, pid: after.pid }, { url: `${before.api}/products/${STAND_IN_PRODUCT.id}`, pid: before.pid }, ctx.settings);
    return { name: 'gateway a/b', figures: { before: resolve(beforeDist), addToCart, productPage }, rows: abRows(addToCart, productPage) };
  } finally {
    await Promise.all([...started, standIn].map((process) => process.stop()));
  }
}

function abRows(addToCart: Comparison, productPage: Comparison): ResultRow[] {
  return Object.entries({ 'add to cart': addToCart, 'product page': productPage }).flatMap(([request, comparison]) => [
    { benchmark: 'gateway a/b', figure: `${request} requests/s, after vs before`, bazaar: comparison.bazaar.requestsPerSecond, baseline: comparison.baseline.requestsPerSecond, ratio: comparison.ratio, repetitionRatios: comparison.repetitionRatios },
    { benchmark: 'gateway a/b', figure: `${request} latency p50 / p99 ms, after vs before`, bazaar: latency(comparison.bazaar), baseline: latency(comparison.baseline) },
    cpuRow(request, comparison),
  ]);
}
