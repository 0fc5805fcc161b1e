import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { MongoClient } from 'mongodb';
import { CartsRepository, CartStoreSettings, createRedisClient, ProductSnapshotCache, REPLICA_WAIT_TIMEOUT_MS, ReplicaAcknowledgement } from '@bazaar/cart/data-access';
import { buildCartView } from '@bazaar/cart/domain';
import { MAX_CART_LINES, MAX_LINE_QUANTITY, ProductSnapshot } from '@bazaar/contracts';
import { ProductDocument } from './product-document';
import { readSnapshots } from './product-snapshots';
import { requiredEnv, serveUntilStopped } from './process-env';

const CART_COOKIE = 'bazaar_cart';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const CURRENCY = 'EUR';

/**
 * The add-to-cart baseline: bare Fastify and ioredis doing the Redis work of the cart service's
 * add-item path, through the cart's own store classes (so the same Lua script and commands):
 * snapshot cache read (and, on a miss, the product read and cache write), the line-change script,
 * then the cart read and its pricing. Where cart asks catalog over TCP on a cache miss, this reads
 * MongoDB directly. No gateway, no service hop, no validation pipes, no request logging.
 * REDIS_WAIT_REPLICAS (default 0) makes it acknowledge the line change as the cart does through
 * Sentinel: once that many replicas hold it (WAIT), so the bench can show what WAIT costs alone.
 */
serveUntilStopped(async () => {
  const ttlSeconds = Number(requiredEnv('CART_TTL_SECONDS'));
  const settings: CartStoreSettings = { cartTtlSeconds: ttlSeconds, productCacheTtlMs: Number(requiredEnv('PRODUCT_CACHE_TTL_MS')), maxLineQuantity: MAX_LINE_QUANTITY, maxCartLines: MAX_CART_LINES };
  const redis = createRedisClient(requiredEnv('REDIS_URL'));
  const replicas = Number(process.env.REDIS_WAIT_REPLICAS ?? 0);
  const carts = new CartsRepository(redis, settings, new ReplicaAcknowledgement(redis, { replicas, timeoutMs: REPLICA_WAIT_TIMEOUT_MS }));
  const cache = new ProductSnapshotCache(redis, settings);
  const mongo = await MongoClient.connect(requiredEnv('MONGO_URL'));
  const products = mongo.db(requiredEnv('MONGO_DB')).collection<ProductDocument>('products');

  async function snapshots(ids: string[]): Promise<Map<string, ProductSnapshot>> {
    const { found, missingIds } = await cache.getMany([...new Set(ids)]);
    if (missingIds.length > 0) {
      const fetched = await readSnapshots(products, missingIds);
      await cache.putMany(fetched);
      found.push(...fetched);
    }
    return new Map(found.map((snapshot) => [snapshot.id, snapshot]));
  }

  const app = Fastify();
  app.post<{ Body: { productId: string; quantity: number } }>(
    '/cart/items',
    {
      schema: {
        body: {
          type: 'object',
          required: ['productId', 'quantity'],
          additionalProperties: false,
          properties: { productId: { type: 'string', pattern: '^[0-9a-f]{24}$' }, quantity: { type: 'integer', minimum: 1, maximum: MAX_LINE_QUANTITY } },
        },
      },
    },
    async (request, reply) => {
      const current = new RegExp(`(?:^|; )${CART_COOKIE}=([^;]+)`).exec(request.headers.cookie ?? '')?.[1];
      const cartId = current && UUID.test(current) ? current : randomUUID();
      reply.header('set-cookie', `${CART_COOKIE}=${cartId}; Max-Age=${ttlSeconds}; Path=/; HttpOnly; SameSite=Lax`);
      const { productId, quantity } = request.body;
      const product = (await snapshots([productId])).get(productId);
      if (!product) return reply.code(404).send({ message: `No product ${productId}` });
      if (product.price.currency !== CURRENCY) return reply.code(409).send({ message: `${productId} is not priced in ${CURRENCY}` });
      const { status } = await carts.changeLine(cartId, { productId, mode: 'add', quantity, stock: product.stock, price: product.price });
      if (status !== 'OK') return reply.code(409).send({ message: status });
      const lines = await carts.lines(cartId);
      const priced = buildCartView(cartId, lines, await snapshots(lines.map((line) => line.productId)), CURRENCY);
      await carts.removeLines(cartId, priced.vanishedProductIds);
      return priced.view;
    },
  );

  await app.listen({ host: '127.0.0.1', port: Number(requiredEnv('PORT')) });
  return async () => {
    await app.close();
    await Promise.all([redis.quit(), mongo.close()]);
  };
});
