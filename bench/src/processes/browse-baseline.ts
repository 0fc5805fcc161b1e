import Fastify from 'fastify';
import { MongoClient, ObjectId } from 'mongodb';
import { cursorAfter, encodeCursor, toProductView } from '@bazaar/catalog/domain';
import { ProductDocument, toCatalogProduct } from './product-document';
import { requiredEnv, serveUntilStopped } from './process-env';

const PAGE_SIZE = 24;

/**
 * The browse baseline: bare Fastify and the official MongoDB driver answering
 * GET /products?category=<id> with the same queries as catalog (category exists, first page of
 * the newest products) and the same JSON body as GET /api/products?category=<id>; and
 * GET /products/<id> like GET /api/products/<id>; GET /categories like GET /api/categories (the
 * categories and one aggregation counting products per category). No gateway, no service hop, no validation
 * pipes, no request logging.
 */
serveUntilStopped(async () => {
  const client = await MongoClient.connect(requiredEnv('MONGO_URL'));
  const db = client.db(requiredEnv('MONGO_DB'));
  const products = db.collection<ProductDocument>('products');
  const categories = db.collection<{ _id: string; name: string; description: string }>('categories');
  const app = Fastify();

  app.get<{ Querystring: { category: string } }>(
    '/products',
    { schema: { querystring: { type: 'object', required: ['category'], properties: { category: { type: 'string', pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$' } } } } },
    async (request, reply) => {
      const categoryId = request.query.category;
      const [category, found] = await Promise.all([
        categories.findOne({ _id: categoryId }, { projection: { _id: 1 } }),
        products.find({ categoryId }).sort({ createdAt: -1, _id: -1 }).limit(PAGE_SIZE + 1).toArray(),
      ]);
      if (!category) return reply.code(404).send({ message: `No category ${categoryId}` });
      const items = found.slice(0, PAGE_SIZE).map(toCatalogProduct);
      const last = items.at(-1);
      return { items: items.map(toProductView), nextCursor: found.length > PAGE_SIZE && last ? encodeCursor(cursorAfter(last, 'newest')) : null };
    },
  );

  app.get('/categories', async () => {
    const [found, counts] = await Promise.all([
      categories.find().sort({ name: 1 }).toArray(),
      products.aggregate<{ _id: string; count: number }>([{ $group: { _id: '$categoryId', count: { $sum: 1 } } }]).toArray(),
    ]);
    const countOf = new Map(counts.map(({ _id, count }) => [_id, count]));
    return found.map(({ _id, name, description }) => ({ id: _id, name, description, productCount: countOf.get(_id) ?? 0 }));
  });

  app.get<{ Params: { id: string } }>(
    '/products/:id',
    { schema: { params: { type: 'object', properties: { id: { type: 'string', pattern: '^[0-9a-fA-F]{24}$' } } } } },
    async (request, reply) => {
      const found = await products.findOne({ _id: new ObjectId(request.params.id.toLowerCase()) });
      if (!found) return reply.code(404).send({ message: `No product ${request.params.id}` });
      return toProductView(toCatalogProduct(found));
    },
  );

  await app.listen({ host: '127.0.0.1', port: Number(requiredEnv('PORT')) });
  return async () => {
    await app.close();
    await client.close();
  };
});
