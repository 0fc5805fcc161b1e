import { INestMicroservice } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { getConnectionToken } from '@nestjs/mongoose';
import { Test } from '@nestjs/testing';
import { Connection } from 'mongoose';
import { CatalogProduct, compareProducts, generateDemoCatalog } from '@bazaar/catalog/domain';
import { CatalogPatterns, CategoryView, Page, PRODUCT_SORTS, ProductSnapshots, ProductSort, ProductView } from '@bazaar/contracts';
import { MongoConnectionModule } from '@bazaar/shared/mongo';
import { callService, RpcErrorFilter } from '@bazaar/shared/rpc';
import { freePort, requireServer, uniqueName } from '@bazaar/shared/testing';
import { CatalogFeatureModule } from './catalog-feature.module';
import { CatalogInitializer } from './catalog.initializer';
import {  } from '@bazaar/shared/testing';

const catalog = generateDemoCatalog();
const inCategory = (categoryId: string) => catalog.products.filter((p) => p.categoryId === categoryId);
/** Every sort over four categories (FerretDB scans per page, so all ten take a minute); the tie-heavy cheap ones included. */
const PAGED_CATEGORIES = ['kitchen', 'books', 'beauty', 'toys'];
const ids = (products: Array<CatalogProduct | ProductView>) => products.map((p) => p.id);

describe('catalog message handlers over TCP (real MongoDB wire protocol)', () => {
  let server: INestMicroservice;
  let client: ClientProxy;
  let port: number;
  const call = <T>(pattern: string, data: unknown = {}) => callService<T>(client, 'catalog', pattern, data, 10_000);

  async function allPages(pattern: string, request: Record<string, unknown>): Promise<ProductView[]> {
    const items: ProductView[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 100; page++) {
      const reply: Page<ProductView> = await call(pattern, { ...request, cursor });
      expect(reply.items.length).toBeLessThanOrEqual(request.limit as number);
      items.push(...reply.items);
      if (reply.nextCursor === null) return items;
      expect(reply.items).toHaveLength(request.limit as number);
      cursor = reply.nextCursor;
    }
    throw new Error('pagination did not end');
  }

  beforeAll(async () => {
    const env = { MONGO_URL: await requireServer('mongodb'), MONGO_DB: uniqueName('it-catalog-feature') };
    port = await freePort();
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [() => env] }), MongoConnectionModule, CatalogFeatureModule],
    }).compile();
    server = moduleRef.createNestMicroservice({ transport: Transport.TCP, options: { host: '127.0.0.1', port }, logger: false });
    server.useGlobalFilters(new RpcErrorFilter());
    await server.listen();
    client = ClientProxyFactory.create({ transport: Transport.TCP, options: { host: '127.0.0.1', port } });
  }, 60_000);
  afterAll(async () => {
    client?.close();
    await server?.get<Connection>(getConnectionToken()).dropDatabase();
    await server?.close();
  });

  it('lists the seeded categories with product counts', async () => {
    const categories = await call<CategoryView[]>(CatalogPatterns.listCategories);
    expect(categories).toHaveLength(10);
    expect(categories.find((c) => c.id === 'kitchen')).toEqual({ id: 'kitchen', name: 'Kitchen', description: expect.any(String), productCount: 30 });
    expect(categories.reduce((sum, c) => sum + c.productCount, 0)).toBe(catalog.products.length);
  });

  describe.each(PRODUCT_SORTS)('paging every category sorted by %s', (sort: ProductSort) => {
    it.each(PAGED_CATEGORIES)('%s: every product once, in order, without gaps', async (categoryId) => {
      const paged = await allPages(CatalogPatterns.listProducts, { categoryId, sort, limit: 7 });
      expect(ids(paged)).toEqual(ids(inCategory(categoryId).sort(compareProducts(sort))));
    });
  });

  it('answers with the contract types: string ids, ISO dates, attributes as a record', async () => {
    const [first] = (await call<Page<ProductView>>(CatalogPatterns.listProducts, { categoryId: 'books', sort: 'newest', limit: 1 })).items;
    const expected = inCategory('books').sort(compareProducts('newest'))[0];
    expect(first).toEqual({
      ...expected,
      createdAt: expected.createdAt.toISOString(),
      inStock: expected.stock > 0,
    });
    expect(first.attributes.Author).toEqual(expect.any(String));
  });

  it('gets a product by id and by slug, with 404 for an unknown one and 400 for a malformed id', async () => {
    const product = catalog.products[42];
    await expect(call(CatalogPatterns.getProduct, { id: product.id.toUpperCase() })).resolves.toMatchObject({ id: product.id, slug: product.slug });
    await expect(call(CatalogPatterns.getProductBySlug, { slug: product.slug })).resolves.toMatchObject({ id: product.id });
    await expect(call(CatalogPatterns.getProduct, { id: '0123456789abcdef01234567' })).rejects.toMatchObject({ statusCode: 404, code: 'PRODUCT_NOT_FOUND' });
    await expect(call(CatalogPatterns.getProductBySlug, { slug: 'no-such-thing' })).rejects.toMatchObject({ statusCode: 404, code: 'PRODUCT_NOT_FOUND' });
    await expect(call(CatalogPatterns.getProduct, { id: 'not-an-id' })).rejects.toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED', message: expect.stringContaining('id:') });
  });

  it('finds products by name words and by a prefix of the last word, page by page', async () => {
    const skillets = ids(catalog.products.filter((p) => p.name.includes('Skillet')).sort(compareProducts('name')));
    expect(skillets.length).toBeGreaterThan(2);
    expect(ids(await allPages(CatalogPatterns.searchProducts, { query: 'SKILLET', limit: 2 }))).toEqual(skillets);
    expect(ids(await allPages(CatalogPatterns.searchProducts, { query: 'skil', limit: 2 }))).toEqual(skillets);
    const castIron = ids(catalog.products.filter((p) => /Cast Iron Skillet/.test(p.name)).sort(compareProducts('name')));
    expect(ids(await allPages(CatalogPatterns.searchProducts, { query: 'cast iron skill', limit: 5 }))).toEqual(castIron);
    await expect(call(CatalogPatterns.searchProducts, { query: 'maison brulee', limit: 5 })).resolves.toMatchObject({ items: expect.arrayContaining([expect.objectContaining({ name: expect.stringContaining('Brûlée') })]) });
    await expect(call(CatalogPatterns.searchProducts, { query: 'zzz', limit: 5 })).resolves.toEqual({ items: [], nextCursor: null });
  });

  it('snapshots many products, leaving out unknown ids, and caps the count', async () => {
    const [a, b] = catalog.products;
    const reply = await call<ProductSnapshots>(CatalogPatterns.getProductSnapshots, { ids: [a.id, '0123456789abcdef01234567', 'junk', b.id] });
    expect(reply.items.map((s) => s.id).sort()).toEqual([a.id, b.id].sort());
    expect(reply.items.find((s) => s.id === a.id)).toEqual({ id: a.id, slug: a.slug, name: a.name, image: a.images[0], price: a.price, stock: a.stock });
    await expect(call(CatalogPatterns.getProductSnapshots, { ids: Array.from({ length: 101 }, () => a.id) })).rejects.toMatchObject({ statusCode: 400 });
  });

  it('rejects malformed cursors, cursors of another sort and bad paging with 400', async () => {
    const page = await call<Page<ProductView>>(CatalogPatterns.listProducts, { categoryId: 'garden', sort: 'price_asc', limit: 3 });
    const request = { categoryId: 'garden', limit: 3 };
    await expect(call(CatalogPatterns.listProducts, { ...request, sort: 'name', cursor: page.nextCursor })).rejects.toMatchObject({ statusCode: 400, code: 'INVALID_CURSOR' });
    await expect(call(CatalogPatterns.listProducts, { ...request, sort: 'price_asc', cursor: 'bm90LWEtY3Vyc29y' })).rejects.toMatchObject({ statusCode: 400, code: 'INVALID_CURSOR' });
    await expect(call(CatalogPatterns.searchProducts, { query: 'oak', limit: 3, cursor: '%%%' })).rejects.toMatchObject({ statusCode: 400, code: 'INVALID_CURSOR' });
    await expect(call(CatalogPatterns.listProducts, { ...request, sort: 'cheapest' })).rejects.toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    await expect(call(CatalogPatterns.listProducts, { ...request, sort: 'name', limit: 0 })).rejects.toMatchObject({ statusCode: 400 });
    await expect(call(CatalogPatterns.listProducts, { ...request, sort: 'name', limit: 101 })).rejects.toMatchObject({ statusCode: 400 });
    await expect(call(CatalogPatterns.searchProducts, { query: '  !! ', limit: 3 })).rejects.toMatchObject({ statusCode: 400 });
  });

  it('answers 404 for an unknown category', async () => {
    await expect(call(CatalogPatterns.listProducts, { categoryId: 'nope', sort: 'name', limit: 3 })).rejects.toMatchObject({ statusCode: 404, code: 'CATEGORY_NOT_FOUND' });
  });

  it('seeds again at the next start without inserting twice or resetting stock', async () => {
    const product = catalog.products[7];
    const connection = server.get<Connection>(getConnectionToken());
    await connection.collection('products').updateOne({ slug: product.slug }, { $set: { stock: 3 } });
    await server.get(CatalogInitializer).onApplicationBootstrap();
    expect(await connection.collection('products').countDocuments()).toBe(catalog.products.length);
    expect(await connection.collection('categories').countDocuments()).toBe(catalog.categories.length);
    await expect(call(CatalogPatterns.getProductBySlug, { slug: product.slug })).resolves.toMatchObject({ stock: 3, inStock: true });
  });
});
