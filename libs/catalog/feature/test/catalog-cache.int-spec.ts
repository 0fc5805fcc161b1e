import { cacheEntries } from '@bazaar/catalog/data-access';
import { CategoryView, Page, ProductView } from '@bazaar/contracts';
import { requireServer, uniqueName } from '@bazaar/shared/testing';
import { CatalogUnderTest, orderFor } from './catalog-cache.support';

const CONCURRENT = 50;
const concurrently = <T>(read: () => Promise<T>) => Promise.all(Array.from({ length: CONCURRENT }, read));

describe('catalog read cache (real Redis and MongoDB wire protocol; queries counted by the driver)', () => {
  let catalog: CatalogUnderTest;
  let category: string;

  beforeAll(async () => {
    // These tests count queries, so no read may skip the cache: a Redis command slower than the
    // deployed 300 ms limit (a loaded CI machine) would send it to the database. The limit itself
    // is tested in catalog-cache.redis-down.int-spec.ts.
    catalog = await CatalogUnderTest.start({
      MONGO_URL: await requireServer('mongodb'),
      MONGO_DB: uniqueName('it-catalog-cache'),
      REDIS_URL: await requireServer('redis'),
      CATALOG_CACHE_COMMAND_TIMEOUT_MS: '30000',
    });
    category = uniqueName('cat');
    await catalog.addCategory(category);
  }, 60_000);
  afterAll(() => catalog?.close());

  it(`${CONCURRENT} concurrent cold reads of the category list cost one aggregation, then none`, async () => {
    await catalog.addProduct(category, 'Cold List Lamp', 3);
    const since = catalog.commands.length;
    const answers = await concurrently(() => catalog.service.listCategories());
    expect(new Set(answers.map((answer) => JSON.stringify(answer))).size).toBe(1);
    expect(answers[0]).toContainEqual<CategoryView>({ id: category, name: category, description: category, productCount: 1 });
    expect(catalog.queries('products', since)).toEqual(['aggregate']);
    expect(catalog.queries('categories', since)).toEqual(['find']);

    const warm = catalog.commands.length;
    await concurrently(() => catalog.service.listCategories());
    expect(catalog.queries('products', warm)).toEqual([]);
  });

  it(`${CONCURRENT} concurrent cold reads of a category page and of a product page cost one query each`, async () => {
    const { id } = await catalog.addProduct(category, 'Cold Page Vase', 2);
    const since = catalog.commands.length;
    const pages = await concurrently(() => catalog.service.listProducts({ categoryId: category, sort: 'newest', limit: 12 }));
    expect(pages.every((page) => page.items.some((item) => item.id === id))).toBe(true);
    expect(catalog.queries('products', since)).toEqual(['find']);

    const beforeProduct = catalog.commands.length;
    const products = await concurrently(() => catalog.service.getProduct(id));
    expect(products.every((product) => product.id === id)).toBe(true);
    expect(catalog.queries('products', beforeProduct)).toEqual(['find']);

    const warm = catalog.commands.length;
    await Promise.all([concurrently(() => catalog.service.getProduct(id)), concurrently(() => catalog.service.listProducts({ categoryId: category, sort: 'newest', limit: 12 }))]);
    expect(catalog.queries('products', warm)).toEqual([]);
  });

  it('lets a reader whose lookup missed just before the first load\'s copy was stored join that load: one query, never two', async () => {
    // The second read's lookup is sent from inside the first load, so Redis answers it (a miss)
    // before it runs the first copy's SET; the load has settled by the time that miss arrives.
    const entry = cacheEntries.product(uniqueName('race'));
    let loads = 0;
    let second: Promise<string> | undefined;
    const load = async () => {
      loads += 1;
      second ??= catalog.cache.read(entry, load);
      return 'loaded';
    };
    await expect(catalog.cache.read(entry, load)).resolves.toBe('loaded');
    await expect(second).resolves.toBe('loaded');
    expect(loads).toBe(1);
    await expect(catalog.cache.read(entry, load)).resolves.toBe('loaded');
    expect(loads).toBe(1);
  });

  it('shows the last unit sold as out of stock on the product page, by slug and on the category page as soon as the reservation is done', async () => {
    const { id, slug } = await catalog.addProduct(category, 'Last Unit Kettle', 1);
    const page = () => catalog.service.listProducts({ categoryId: category, sort: 'name', limit: 50 });
    const onPage = (listed: Page<ProductView>) => listed.items.find((item) => item.id === id);
    // Warm every entry that shows the badge.
    expect((await catalog.service.getProduct(id)).inStock).toBe(true);
    expect((await catalog.service.getProductBySlug(slug)).inStock).toBe(true);
    expect(onPage(await page())?.inStock).toBe(true);
    const warm = catalog.commands.length;
    await Promise.all([catalog.service.getProduct(id), catalog.service.getProductBySlug(slug), page()]);
    expect(catalog.queries('products', warm)).toEqual([]);

    const order = orderFor(id, 1);
    await expect(catalog.reservations().reserve(order)).resolves.toBe('RESERVED');
    expect(await catalog.service.getProduct(id)).toMatchObject({ stock: 0, inStock: false });
    expect(await catalog.service.getProductBySlug(slug)).toMatchObject({ stock: 0, inStock: false });
    expect(onPage(await page())).toMatchObject({ stock: 0, inStock: false });

    await expect(catalog.reservations().release(order.data.orderId)).resolves.toBe('RELEASED');
    expect(await catalog.service.getProduct(id)).toMatchObject({ stock: 1, inStock: true });
    expect(onPage(await page())).toMatchObject({ stock: 1, inStock: true });
  });

  it('a load that read the database before an invalidation is not served after it', async () => {
    const { id } = await catalog.addProduct(category, 'Racing Bowl', 4);
    let resume!: () => void;
    let started!: () => void;
    const loadStarted = new Promise<void>((resolve) => (started = resolve));
    // A read misses and loads stock 4; the stock moves and is invalidated before the load stores it.
    const slowRead = catalog.cache.read({ key: `product:${id}`, dependsOn: [`product:${id}`] }, async () => {
      const before = await catalog.products().findById(id).lean().exec();
      started();
      await new Promise<void>((resolve) => (resume = resolve));
      return { id, stock: before?.stock, stale: true };
    });
    await loadStarted;
    await catalog.products().updateOne({ _id: id }, { $inc: { stock: -1 } });
    await catalog.cache.invalidateStock([{ id, categoryId: category }]);
    resume();
    expect(await slowRead).toMatchObject({ stock: 4, stale: true });
    // Its store went out before these reads, on the same connection: under the old generation.
    expect(await catalog.service.getProduct(id)).toMatchObject({ stock: 3 });
    expect(await catalog.service.getProduct(id)).not.toHaveProperty('stale');
  });

  it('an admin edit reaches the product page and every listing through invalidateProduct', async () => {
    const { id } = await catalog.addProduct(category, 'Renamed Lamp', 2);
    await catalog.service.getProduct(id);
    await catalog.service.listProducts({ categoryId: category, sort: 'newest', limit: 50 });
    await catalog.products().updateOne({ _id: id }, { $set: { name: 'Renamed Lamp II', price: { amount: 1500, currency: 'EUR' } } });
    await catalog.cache.invalidateProduct(id);
    expect(await catalog.service.getProduct(id)).toMatchObject({ name: 'Renamed Lamp II', price: { amount: 1500, currency: 'EUR' } });
    const listed = (await catalog.service.listProducts({ categoryId: category, sort: 'newest', limit: 50 })).items.find((item) => item.id === id);
    expect(listed).toMatchObject({ name: 'Renamed Lamp II' });
  });

  it('administration invalidates by itself: a price change and a stock adjustment show on the next reads', async () => {
    const { id } = await catalog.addProduct(category, 'Admin Lamp', 1);
    const page = () => catalog.service.listProducts({ categoryId: category, sort: 'newest', limit: 50 }).then(({ items }) => items.find((item) => item.id === id));
    await catalog.service.getProduct(id);
    await page();
    const { revision } = await catalog.admin.getProduct(id);
    await catalog.admin.updateProduct({ id, expectedRevision: revision, changes: { price: { amount: 1990, currency: 'EUR' } } });
    expect(await catalog.service.getProduct(id)).toMatchObject({ price: { amount: 1990, currency: 'EUR' } });
    expect(await page()).toMatchObject({ price: { amount: 1990, currency: 'EUR' } });
    await catalog.admin.adjustStock({ id, delta: -1 });
    expect(await catalog.service.getProduct(id)).toMatchObject({ stock: 0 });
    expect(await page()).toMatchObject({ inStock: false });
  });
});
