import { BenchContext } from '../bench.context';
import { compareLoads, CompareSettings, Comparison } from '../load/http-load';
import { BenchmarkResult } from '../report/result-row';
import { startHelper } from '../stack/helper-process';
import { infraAddress } from '../stack/infra';
import { listCategories } from './store-api';

export interface BrowseFigures {
  /** GET /api/products?category=<id>: the first page of the largest category. */
  categoryPage: Comparison & { category: string; items: number; bytes: number };
  /** GET /api/products/<id>: one product, a lookup by _id, which the database answers fast. */
  productPage: Comparison & { productId: string; bytes: number };
}

export const BROWSE_GOAL = 0.8;

/**
 * Browsing through the gateway against bare Fastify + the MongoDB driver on the same server: a
 * category page (the goal) and, to show the platform's own overhead where the database is not the
 * limit, a product page.
 */
export async function browseBenchmark(ctx: BenchContext): Promise<BenchmarkResult<BrowseFigures>> {
  const [category] = (await listCategories(ctx.stack.gateway.url)).sort((a, b) => b.productCount - a.productCount);
  const baseline = await startHelper('browse-baseline', { MONGO_URL: infraAddress('ferretdb'), MONGO_DB: ctx.scope.catalogDb, PORT: `${ctx.ports.browseBaseline}` });
  const bazaarApi = `${ctx.stack.gateway.url}/api`;
  const baselineApi = `http://127.0.0.1:${ctx.ports.browseBaseline}`;
  try {
    const categoryPath = `/products?category=${category.id}`;
    const page = await sameAnswer(`${bazaarApi}${categoryPath}`, `${baselineApi}${categoryPath}`);
    const categoryPage = { category: category.id, items: page.items.length, bytes: page.bytes, ...(await compareLoads({ url: `${bazaarApi}${categoryPath}` }, { url: `${baselineApi}${categoryPath}` }, scanning(ctx.settings))) };
    const productPath = `/products/${page.items[0].id}`;
    const product = await sameAnswer(`${bazaarApi}${productPath}`, `${baselineApi}${productPath}`);
    const productPage = { productId: page.items[0].id, bytes: product.bytes, ...(await compareLoads({ url: `${bazaarApi}${productPath}` }, { url: `${baselineApi}${productPath}` }, ctx.settings)) };
    return {
      name: 'browse',
      figures: { categoryPage, productPage },
      rows: [
        { benchmark: 'browse', figure: 'category page requests/s', bazaar: categoryPage.bazaar.requestsPerSecond, baseline: categoryPage.baseline.requestsPerSecond, ratio: categoryPage.ratio, repetitionRatios: categoryPage.repetitionRatios, goal: `≥ ${BROWSE_GOAL}×`, met: categoryPage.ratio >= BROWSE_GOAL },
        { benchmark: 'browse', figure: 'category page latency p50 / p99 ms', bazaar: latency(categoryPage.bazaar), baseline: latency(categoryPage.baseline) },
        { benchmark: 'browse', figure: 'product page requests/s', bazaar: productPage.bazaar.requestsPerSecond, baseline: productPage.baseline.requestsPerSecond, ratio: productPage.ratio, repetitionRatios: productPage.repetitionRatios, goal: `≥ ${BROWSE_GOAL}× (same bar)`, met: productPage.ratio >= BROWSE_GOAL },
        { benchmark: 'browse', figure: 'product page latency p50 / p99 ms', bazaar: latency(productPage.bazaar), baseline: latency(productPage.baseline) },
      ],
    };
  } finally {
    await baseline.stop();
  }
}

/** The settings of a load on category pages (see BenchSettings.scanConnections). */
export const scanning = (settings: CompareSettings & { scanConnections: number }): CompareSettings => ({ ...settings, connections: settings.scanConnections });

export const latency = ({ latencyP50Ms, latencyP99Ms }: { latencyP50Ms: number; latencyP99Ms: number }) => `${latencyP50Ms} / ${latencyP99Ms}`;

/** An honest comparison serves the same page: the bodies must be identical, byte for byte. */
export async function sameAnswer(bazaarUrl: string, baselineUrl: string): Promise<{ items: { id: string }[]; bytes: number }> {
  const [bazaar, baseline] = await Promise.all([bazaarUrl, baselineUrl].map(async (url) => {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
    return response.text();
  }));
  if (bazaar !== baseline) {
    throw new Error(`the baseline does not answer what the gateway answers (${Buffer.byteLength(bazaar)} vs ${Buffer.byteLength(baseline)} bytes):\n${bazaar.slice(0, 300)}\n${baseline.slice(0, 300)}`);
  }
  return { items: (JSON.parse(bazaar) as { items?: { id: string }[] }).items ?? [], bytes: Buffer.byteLength(bazaar) };
}
