import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CatalogCacheReport } from '@bazaar/catalog/feature';
import { BenchContext } from '../bench.context';
import { compareLoads, Comparison, CountedLoad, medianFigures, repetitionRatios, runLoadCounting } from '../load/http-load';
import { round } from '../load/stats';
import { BenchmarkResult, ResultRow } from '../report/result-row';
import { startHelper } from '../stack/helper-process';
import { infraAddress } from '../stack/infra';
import { NodeProcess, startNode, workspaceRoot } from '../stack/node-process';
import { RunningService, startService } from '../stack/services';
import { latency, sameAnswer } from './browse.bench';
import { getJson, listCategories } from './store-api';

/** A load at many connections whose failures are counted, not fatal. */
export interface CountedComparison {
  bazaar: CountedLoad;
  baseline: CountedLoad;
  /** Throughput ratio of each pair of alternated repetitions. */
  repetitionRatios: number[];
}

export interface CacheFigures {
  /** Through the cached gateway + catalog against the bare uncached baseline (browse's). */
  categoryPage: Comparison;
  productPage: Comparison;
  /** GET /api/categories at `connections` concurrent requests: cached against the bare baseline, and the uncached stack. */
  categoryList: CountedComparison & { connections: number; uncached: CountedLoad };
  /** The load generator's mix through the cached pair: the catalog cache's counters over the run. */
  mix: { seconds: number; rate: number; exitCode: number | null; cache: CatalogCacheReport; summary: string[]; errors: number };
}

export const CACHE_GOAL = 10;

/**
 * The catalog read cache (docs/adr/0009). A second catalog with the cache on (CATALOG_CACHE_TTL_MS
 * at its default) and a gateway calling it run next to the stack, on the same database; the
 * stack's own catalog reads uncached but its stock moves (checkouts) invalidate the cached one's
 * entries through Redis, as two instances would in production.
 */
export async function cacheBenchmark(ctx: BenchContext): Promise<BenchmarkResult<CacheFigures>> {
  const { ports, settings } = ctx;
  const started: { stop(): Promise<void> }[] = [];
  try {
    const baseline = await startHelper('browse-baseline', { MONGO_URL: infraAddress('ferretdb'), MONGO_DB: ctx.scope.catalogDb, PORT: `${ports.browseBaseline}` });
    started.push(baseline);
    const catalog = await startService({
      app: 'catalog',
      name: 'catalog-cached',
      // Its own topics: it must not take OrderPlaced partitions from the stack's catalog.
      env: { ...ctx.env.catalog, CATALOG_CACHE_TTL_MS: '30000', HTTP_PORT: `${ports.cachedCatalog.http}`, TCP_PORT: `${ports.cachedCatalog.tcp}`, KAFKA_TOPIC_PREFIX: `${ctx.scope.topicPrefix}cached.` },
    });
    started.push(catalog);
    const gateway = await startService({ app: 'gateway', name: 'gateway-cached', env: { ...ctx.env.gateway, HTTP_PORT: `${ports.cachedGateway.http}`, CATALOG_ADDR: `127.0.0.1:${ports.cachedCatalog.tcp}` } });
    started.push(gateway);

    const cachedApi = `${gateway.url}/api`;
    const baselineApi = `http://127.0.0.1:${ports.browseBaseline}`;
    const [category] = (await listCategories(gateway.url)).sort((a, b) => b.productCount - a.productCount);
    const categoryPath = `/products?category=${category.id}`;
    const page = await sameAnswer(`${cachedApi}${categoryPath}`, `${baselineApi}${categoryPath}`);
    const productPath = `/products/${page.items[0].id}`;
    await sameAnswer(`${cachedApi}${productPath}`, `${baselineApi}${productPath}`);
    await sameAnswer(`${cachedApi}/categories`, `${baselineApi}/categories`);

    const categoryPage = await compareLoads({ url: `${cachedApi}${categoryPath}` }, { url: `${baselineApi}${categoryPath}` }, settings);
    const productPage = await compareLoads({ url: `${cachedApi}${productPath}` }, { url: `${baselineApi}${productPath}` }, settings);
    const mix = await loadGeneratorMix(ctx, gateway, catalog);
    // Last: the uncached stack's run leaves FerretDB a backlog of the aggregations the gateway gave up on.
    const categoryList = await categoryListUnderLoad(ctx, `${cachedApi}/categories`, `${baselineApi}/categories`);

    const listFailures = (load: CountedLoad) => load.errors + load.non2xx;
    const failedOf = (load: CountedLoad) => `${listFailures(load)} of ${load.requests + load.errors}${load.non2xx > 0 ? ` ${JSON.stringify(load.statusCodes)}` : ''}`;
    const figures: CacheFigures = { categoryPage, productPage, categoryList, mix };
    const rows: ResultRow[] = [
      ...comparisonRows('category page', categoryPage),
      ...comparisonRows('product page', productPage),
      {
        benchmark: 'cache',
        figure: `category list, ${categoryList.connections} concurrent: failed requests (bare baseline: ${failedOf(categoryList.baseline)}; uncached stack: ${failedOf(categoryList.uncached)})`,
        bazaar: failedOf(categoryList.bazaar),
        goal: '0 failed',
        met: listFailures(categoryList.bazaar) === 0,
      },
      {
        benchmark: 'cache',
        figure: `category list, ${categoryList.connections} concurrent: requests/s, cached vs bare uncached (uncached stack: ${round(categoryList.uncached.requestsPerSecond)})`,
        bazaar: categoryList.bazaar.requestsPerSecond,
        baseline: categoryList.baseline.requestsPerSecond,
        ratio: categoryList.baseline.requestsPerSecond > 0 ? round(categoryList.bazaar.requestsPerSecond / categoryList.baseline.requestsPerSecond) : undefined,
        repetitionRatios: categoryList.repetitionRatios,
      },
      {
        benchmark: 'cache',
        figure: `category list, ${categoryList.connections} concurrent: latency p50 / p99 ms of answered requests (uncached stack: ${latency(categoryList.uncached)})`,
        bazaar: latency(categoryList.bazaar),
        baseline: categoryList.baseline.requests > 0 ? latency(categoryList.baseline) : 'none answered',
        goal: 'p99 < baseline p50',
        // A baseline that answered nothing within autocannon's 10 s timeout has a p50 above 10 s.
        met: categoryList.bazaar.latencyP99Ms < (categoryList.baseline.requests > 0 ? categoryList.baseline.latencyP50Ms : 10_000),
      },
      {
        benchmark: 'cache',
        figure: `hit ratio, load generator's mix (${mix.rate} req/s, ${mix.seconds} s, ${mix.errors} errors): hits / misses / bypassed, database loads`,
        bazaar: `${round(mix.cache.hitRatio ?? 0)} (${mix.cache.hits} / ${mix.cache.misses} / ${mix.cache.bypassed}, ${mix.cache.loads} loads)`,
      },
    ];
    return { name: 'cache', figures, rows };
  } finally {
    await Promise.all(started.reverse().map((process) => process.stop()));
  }
}

function comparisonRows(page: string, { bazaar, baseline, ratio, repetitionRatios }: Comparison): ResultRow[] {
  return [
    { benchmark: 'cache', figure: `${page} requests/s, through the cache vs bare uncached`, bazaar: bazaar.requestsPerSecond, baseline: baseline.requestsPerSecond, ratio, repetitionRatios, goal: `≥ ${CACHE_GOAL}×`, met: ratio >= CACHE_GOAL },
    { benchmark: 'cache', figure: `${page} latency p50 / p99 ms, through the cache vs bare uncached`, bazaar: latency(bazaar), baseline: latency(baseline) },
  ];
}

/**
 * Cached and baseline alternate as in compareLoads, but a failure is counted instead of ending
 * the benchmark (the goal is 0 errors, so a miss must show as a figure); then the uncached stack
 * once, for the "before" figure.
 */
async function categoryListUnderLoad(ctx: BenchContext, cachedUrl: string, baselineUrl: string): Promise<CacheFigures['categoryList']> {
  const connections = ctx.settings.categoryListConnections;
  const measured = { connections, durationSeconds: ctx.settings.durationSeconds };
  await runLoadCounting({ url: cachedUrl }, { connections, durationSeconds: ctx.settings.warmupSeconds });
  await runLoadCounting({ url: baselineUrl }, { connections, durationSeconds: ctx.settings.warmupSeconds });
  const runs: { bazaar: CountedLoad[]; baseline: CountedLoad[] } = { bazaar: [], baseline: [] };
  for (let i = 0; i < ctx.settings.repetitions; i++) {
    runs.bazaar.push(await runLoadCounting({ url: cachedUrl }, measured));
    runs.baseline.push(await runLoadCounting({ url: baselineUrl }, measured));
  }
  const uncached = await runLoadCounting({ url: `${ctx.stack.gateway.url}/api/categories` }, measured);
  return { connections, bazaar: summed(runs.bazaar), baseline: summed(runs.baseline), repetitionRatios: repetitionRatios(runs.bazaar, runs.baseline), uncached };
}

function summed(runs: CountedLoad[]): CountedLoad {
  const statusCodes: Record<string, number> = {};
  for (const run of runs) for (const [code, count] of Object.entries(run.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + count;
  return {
    ...medianFigures(runs),
    errors: runs.reduce((total, run) => total + run.errors, 0),
    non2xx: runs.reduce((total, run) => total + run.non2xx, 0),
    statusCodes,
  };
}

/** Runs the load generator (apps/load-generator, its default mix) against the cached gateway and reads the cache's counters before and after. */
async function loadGeneratorMix(ctx: BenchContext, gateway: RunningService, catalog: RunningService): Promise<CacheFigures['mix']> {
  const { mixSeconds: seconds, mixRate: rate } = ctx.settings;
  const statsUrl = `${catalog.url}/cache/stats`;
  const before = await getJson<CatalogCacheReport>(statsUrl);
  const generator = startNode('load-generator', join(workspaceRoot, 'dist/apps/load-generator/main.js'), {
    GATEWAY_URL: gateway.url,
    RATE: `${rate}`,
    DURATION: `${seconds}`,
    CONCURRENCY: '8',
    SHOPPERS: '20',
    REPORT_EVERY: `${Math.max(1, Math.round(seconds / 4))}`,
  });
  const exitCode = await exitOf(generator, (seconds + 120) * 1000);
  const after = await getJson<CatalogCacheReport>(statsUrl);
  const delta = (key: 'hits' | 'misses' | 'bypassed' | 'loads' | 'invalidations' | 'errors') => after[key] - before[key];
  const reads = delta('hits') + delta('misses') + delta('bypassed');
  const cache: CatalogCacheReport = {
    hits: delta('hits'),
    misses: delta('misses'),
    bypassed: delta('bypassed'),
    loads: delta('loads'),
    invalidations: delta('invalidations'),
    errors: delta('errors'),
    hitRatio: reads === 0 ? null : delta('hits') / reads,
  };
  const log = readFileSync(generator.logFile, 'utf8');
  const final = /^\[load\] done after .*errors (\d+)/m.exec(log);
  // Its errors are a figure (uncached searches and cold misses time out when FerretDB is saturated), not a reason to lose the others.
  if (!final) throw new Error(`the load generator exited ${exitCode} without its final line:\n${log.slice(-2000)}`);
  const summary = log.slice(final.index).trim().split('\n').slice(0, 6);
  return { seconds, rate, exitCode, cache, summary, errors: Number(final[1]) };
}

/** The process's exit code; stopped (and null) if it runs past `timeoutMs`. */
async function exitOf(process: NodeProcess, timeoutMs: number): Promise<number | null> {
  if (process.child.exitCode === null && process.child.signalCode === null) {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([new Promise((resolve) => process.child.once('exit', resolve)), new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
  }
  await process.stop();
  return process.child.exitCode;
}
