import Redis from 'ioredis';
import { MongoClient } from 'mongodb';
import { ProductSnapshotCache } from '@bazaar/cart/data-access';
import { MAX_CART_LINES, MAX_LINE_QUANTITY } from '@bazaar/contracts';
import { BenchContext } from '../bench.context';
import { compareLoads, Comparison, HttpLoad } from '../load/http-load';
import { ProductDocument } from '../processes/product-document';
import { readSnapshots } from '../processes/product-snapshots';
import { BenchmarkResult } from '../report/result-row';
import { startHelper } from '../stack/helper-process';
import { infraAddress } from '../stack/infra';
import { latency } from './browse.bench';
import { addToCartBodies, newCartCookie, productsInStock } from './store-api';

export interface AddToCartFigures extends Comparison {
  products: number;
  /** The baseline acknowledging each change once a replica has it (WAIT 1) against the plain baseline; absent when Redis has no replica. */
  replicaAcknowledgement?: Comparison;
}

export const ADD_TO_CART_GOAL = 0.8;

/**
 * POST /api/cart/items through the gateway against bare Fastify + ioredis doing the same Redis work.
 * Every request is a new shopper's first item (a fresh cart cookie), cycling over products in
 * stock, so no request is refused for a full line or cart and both paths get the same sequence.
 * Both read the product snapshots from the cart's cache: each run starts with all of them written
 * anew (see freshSnapshots), so every run measures the same thing, the hit path.
 */
export async function addToCartBenchmark(ctx: BenchContext): Promise<BenchmarkResult<AddToCartFigures>> {
  return withProductSnapshots(ctx, async (productIds, fresh) => {
    const baseline = await startHelper('cart-baseline', cartBaselineEnv(ctx, ctx.ports.cartBaseline));
    try {
      return await measureAgainstBaseline(ctx, productIds, fresh);
    } finally {
      await baseline.stop();
    }
  });
}

/** Add to cart through two gateways (a change's A/B), each with the snapshots fresh at the start of every run. */
export function addToCartComparison(ctx: BenchContext, bazaar: { url: string; pid: number }, baseline: { url: string; pid: number }): Promise<Comparison> {
  return withProductSnapshots(ctx, (productIds, fresh) =>
    compareLoads({ ...addToCart(bazaar.url, productIds, fresh), pid: bazaar.pid }, { ...addToCart(baseline.url, productIds, fresh), pid: baseline.pid }, ctx.settings),
  );
}

/** Runs `measure` with the products in stock and a function that writes their snapshots afresh (see freshSnapshots). */
async function withProductSnapshots<T>(ctx: BenchContext, measure: (productIds: string[], fresh: () => Promise<void>) => Promise<T>): Promise<T> {
  const productIds = (await productsInStock(ctx.stack.gateway.url, 1)).map((product) => product.id);
  const snapshotTtlMs = Number(ctx.env.cart.PRODUCT_CACHE_TTL_MS);
  if (!(ctx.settings.durationSeconds * 1000 < snapshotTtlMs)) throw new Error(`a repetition (${ctx.settings.durationSeconds} s) must end before the product snapshots written at its start expire (PRODUCT_CACHE_TTL_MS ${snapshotTtlMs})`);
  const redis = new Redis(infraAddress('redis'), { maxRetriesPerRequest: 1 });
  try {
    return await measure(productIds, await freshSnapshots(ctx, redis, productIds, snapshotTtlMs));
  } finally {
    redis.disconnect();
  }
}

async function measureAgainstBaseline(ctx: BenchContext, productIds: string[], fresh: () => Promise<void>): Promise<BenchmarkResult<AddToCartFigures>> {
  const bazaar = addToCart(`${ctx.stack.gateway.url}/api/cart/items`, productIds, fresh);
  const bare = addToCart(`http://127.0.0.1:${ctx.ports.cartBaseline}/cart/items`, productIds, fresh);
  await sameShape(bazaar.url, bare.url, productIds[0]);
  const comparison = await compareLoads(bazaar, bare, ctx.settings);
  const replicaAcknowledgement = await replicaAcknowledgementCost(ctx, bare, productIds, fresh);
  return {
    name: 'add to cart',
    figures: { products: productIds.length, ...comparison, replicaAcknowledgement },
    rows: [
      {
        benchmark: 'add to cart',
        figure: 'requests/s',
        bazaar: comparison.bazaar.requestsPerSecond,
        baseline: comparison.baseline.requestsPerSecond,
        ratio: comparison.ratio,
        repetitionRatios: comparison.repetitionRatios,
        goal: `≥ ${ADD_TO_CART_GOAL}×`,
        met: comparison.ratio >= ADD_TO_CART_GOAL,
      },
      { benchmark: 'add to cart', figure: 'latency p50 / p99 ms', bazaar: latency(comparison.bazaar), baseline: latency(comparison.baseline) },
      ...(replicaAcknowledgement
        ? [
            {
              benchmark: 'add to cart',
              figure: 'WAIT 1 (a replica has it) vs none: baseline requests/s',
              bazaar: replicaAcknowledgement.bazaar.requestsPerSecond,
              baseline: replicaAcknowledgement.baseline.requestsPerSecond,
              ratio: replicaAcknowledgement.ratio,
              repetitionRatios: replicaAcknowledgement.repetitionRatios,
            },
            { benchmark: 'add to cart', figure: 'WAIT 1 vs none: latency p50 / p99 ms', bazaar: latency(replicaAcknowledgement.bazaar), baseline: latency(replicaAcknowledgement.baseline) },
          ]
        : []),
    ],
  };
}

/**
 * What the cart's durability guarantee costs alone (docs/adr/0010): the bare baseline with each
 * line change acknowledged once a replica has it (`WAIT 1`, as the cart does through Sentinel)
 * against the same baseline without, in the same run. Skipped when Redis has no replica to wait for.
 */
async function replicaAcknowledgementCost(ctx: BenchContext, bare: HttpLoad, productIds: readonly string[], fresh: () => Promise<void>): Promise<Comparison | undefined> {
  if ((await connectedReplicas(infraAddress('redis'))) === 0) return undefined;
  const replicated = await startHelper('cart-baseline', { ...cartBaselineEnv(ctx, ctx.ports.cartBaselineReplicated), REDIS_WAIT_REPLICAS: '1' });
  try {
    const load = addToCart(`http://127.0.0.1:${ctx.ports.cartBaselineReplicated}/cart/items`, productIds, fresh);
    await sameShape(load.url, bare.url, productIds[0]);
    return await compareLoads(load, bare, ctx.settings);
  } finally {
    await replicated.stop();
  }
}

async function connectedReplicas(url: string): Promise<number> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    return Number(/^connected_slaves:(\d+)/m.exec(await redis.info('replication'))?.[1] ?? 0);
  } finally {
    redis.disconnect();
  }
}

/** A new shopper's first item per request, cycling over the products. */
export function addToNewCarts(url: string, productIds: readonly string[]): HttpLoad {
  const nextBody = addToCartBodies(productIds);
  return {
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    setupRequest: (request) => ({ ...request, headers: { ...request.headers, cookie: newCartCookie() }, body: nextBody() }),
  };
}

function addToCart(url: string, productIds: readonly string[], fresh: () => Promise<void>): HttpLoad {
  return { ...addToNewCarts(url, productIds), beforeRun: fresh };
}

/**
 * Writes every product's snapshot into the cart's cache again, with a full TTL; read from the
 * database once. Without it the entries, all written in the first warm-up, expired together every
 * TTL, and whichever repetition was running then sent its requests to the shared FerretDB (a
 * baseline repetition fell to 2 requests in its slowest second, and the ratio's spread to ±200-300 %).
 * Warming them through each path instead does not work on a busy FerretDB: 276 misses took 45 s,
 * longer than the TTL.
 */
async function freshSnapshots(ctx: BenchContext, redis: Redis, productIds: readonly string[], productCacheTtlMs: number): Promise<() => Promise<void>> {
  const mongo = await MongoClient.connect(infraAddress('ferretdb'));
  try {
    const snapshots = await readSnapshots(mongo.db(ctx.scope.catalogDb).collection<ProductDocument>('products'), productIds);
    if (snapshots.length !== productIds.length) throw new Error(`${productIds.length - snapshots.length} of the products have no document in ${ctx.scope.catalogDb}`);
    const cache = new ProductSnapshotCache(redis, { productCacheTtlMs, cartTtlSeconds: Number(ctx.env.cart.CART_TTL_SECONDS), maxLineQuantity: MAX_LINE_QUANTITY, maxCartLines: MAX_CART_LINES });
    return () => cache.putMany(snapshots);
  } finally {
    await mongo.close();
  }
}

/** Both answer the same cart for the same request (each in a cart of its own). */
async function sameShape(bazaarUrl: string, baselineUrl: string, productId: string): Promise<void> {
  const [bazaar, baseline] = await Promise.all(
    [bazaarUrl, baselineUrl].map(async (url) => {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', cookie: newCartCookie() }, body: JSON.stringify({ productId, quantity: 1 }) });
      const body = await response.text();
      if (!response.ok) throw new Error(`POST ${url} answered ${response.status}: ${body.slice(0, 300)}`);
      return body;
    }),
  );
  // The gateway never shows the cart id (it lives in the signed cookie only); the baseline does.
  const [a, b] = [bazaar, baseline].map((body) => body.replace(/"cartId":"[^"]+",?/, ''));
  if (a !== b) throw new Error(`the baseline does not answer what the gateway answers:\n${a.slice(0, 400)}\n${b.slice(0, 400)}`);
}

/** The bare cart's settings: the bench's Redis and catalog database, the cart service's TTLs. */
function cartBaselineEnv(ctx: BenchContext, port: number): Record<string, string> {
  return {
    REDIS_URL: infraAddress('redis'),
    MONGO_URL: infraAddress('ferretdb'),
    MONGO_DB: ctx.scope.catalogDb,
    CART_TTL_SECONDS: ctx.env.cart.CART_TTL_SECONDS,
    PRODUCT_CACHE_TTL_MS: ctx.env.cart.PRODUCT_CACHE_TTL_MS,
    PORT: `${port}`,
  };
}
