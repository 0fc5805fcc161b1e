import { BenchContext } from '../bench.context';
import { compareLoads, Comparison, HttpLoad } from '../load/http-load';
import { BenchmarkResult } from '../report/result-row';
import { startHelper } from '../stack/helper-process';
import { infraAddress } from '../stack/infra';
import { latency } from './browse.bench';
import { addToCartBodies, newCartCookie, productsInStock } from './store-api';

export interface AddToCartFigures extends Comparison {
  products: number;
}

export const ADD_TO_CART_GOAL = 0.8;

/**
 * POST /api/cart/items through the gateway against bare Fastify + ioredis doing the same Redis work.
 * Every request is a new shopper's first item (a fresh cart cookie), cycling over products in
 * stock, so no request is refused for a full line or cart and both paths get the same sequence.
 */
export async function addToCartBenchmark(ctx: BenchContext): Promise<BenchmarkResult<AddToCartFigures>> {
  const productIds = (await productsInStock(ctx.stack.gateway.url, 1)).map((product) => product.id);
  const baseline = await startHelper('cart-baseline', {
    REDIS_URL: infraAddress('redis'),
    MONGO_URL: infraAddress('ferretdb'),
    MONGO_DB: ctx.scope.catalogDb,
    CART_TTL_SECONDS: ctx.env.cart.CART_TTL_SECONDS,
    PORT: `${ctx.ports.cartBaseline}`,
  });
  try {
    const bazaar = addToCart(`${ctx.stack.gateway.url}/api/cart/items`, productIds);
    const bare = addToCart(`http://127.0.0.1:${ctx.ports.cartBaseline}/cart/items`, productIds);
    await sameShape(bazaar.url, bare.url, productIds[0]);
    const comparison = await compareLoads(bazaar, bare, ctx.settings);
    return {
      name: 'add to cart',
      figures: { products: productIds.length, ...comparison },
      rows: [
        {
          benchmark: 'add to cart',
          figure: 'requests/s',
          bazaar: comparison.bazaar.requestsPerSecond,
          baseline: comparison.baseline.requestsPerSecond,
          ratio: comparison.ratio,
          goal: `≥ ${ADD_TO_CART_GOAL}×`,
          met: comparison.ratio >= ADD_TO_CART_GOAL,
        },
        { benchmark: 'add to cart', figure: 'latency p50 / p99 ms', bazaar: latency(comparison.bazaar), baseline: latency(comparison.baseline) },
      ],
    };
  } finally {
    await baseline.stop();
  }
}

function addToCart(url: string, productIds: readonly string[]): HttpLoad {
  const nextBody = addToCartBodies(productIds);
  return {
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    setupRequest: (request) => ({ ...request, headers: { ...request.headers, cookie: newCartCookie() }, body: nextBody() }),
  };
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
