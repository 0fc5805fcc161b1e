import { INestApplicationContext } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { getModelToken } from '@nestjs/mongoose';
import { Test } from '@nestjs/testing';
import { Model } from 'mongoose';
import { CatalogProduct, generateDemoCatalog, parseSearchTerms, productIdForSlug, SearchTerms } from '@bazaar/catalog/domain';
import { MongoConnectionModule } from '@bazaar/shared/mongo';
import { requireServer, uniqueName } from '@bazaar/shared/testing';
import { CatalogDataAccessModule } from './catalog-data-access.module';
import { CatalogSharding } from './catalog-sharding';
import { CategoriesRepository } from './categories.repository';
import { Product } from './product.schema';
import { ProductsRepository } from './products.repository';

const catalog = generateDemoCatalog();
const kettle: CatalogProduct = {
  id: productIdForSlug('test-enamel-kettle'),
  slug: 'test-enamel-kettle',
  name: 'Crème Enamel Kettle',
  description: 'Boils a litre quickly.',
  categoryId: 'kitchen',
  price: { amount: 3499, currency: 'EUR' },
  images: ['/assets/products/test-enamel-kettle.svg'],
  attributes: { 'Width (cm.)': '20', $colour: 'Forest Green' },
  stock: 12,
  createdAt: new Date('2025-02-03T04:05:06.789Z'),
};

describe('catalog data access (real MongoDB wire protocol)', () => {
  let app: INestApplicationContext;
  let products: ProductsRepository;
  let categories: CategoriesRepository;
  let model: Model<Product>;

  beforeAll(async () => {
    const env = { MONGO_URL: await requireServer('mongodb'), MONGO_DB: uniqueName('it-catalog') };
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [() => env] }), MongoConnectionModule, CatalogDataAccessModule],
    }).compile();
    app = await moduleRef.init();
    products = app.get(ProductsRepository);
    categories = app.get(CategoriesRepository);
    model = app.get(getModelToken(Product.name));
    await model.init();
    await categories.insertMissing(catalog.categories);
    await products.insertMissing([...catalog.products, kettle], catalog.categories);
  });
  afterAll(async () => {
    await model?.db.dropDatabase();
    await app?.close();
  });

  it('stores attribute names with dots and $ as name/value pairs and reads them back as a record', async () => {
    await expect(products.findById(kettle.id)).resolves.toEqual(kettle);
    const stored = await model.findById(kettle.id).lean<Product>().exec();
    expect(stored?.attributes).toEqual([
      { name: 'Width (cm.)', value: '20' },
      { name: '$colour', value: 'Forest Green' },
    ]);
    expect(stored?.keywords).toEqual(expect.arrayContaining(['creme', 'enamel', 'kettle', 'kitchen', 'forest', '20']));
    expect(stored?.sortName).toBe('creme enamel kettle');
  });

  it('inserts nothing twice and keeps stock that changed since', async () => {
    await model.updateOne({ _id: kettle.id }, { $inc: { stock: -5 } }).exec();
    await expect(products.insertMissing([...catalog.products, { ...kettle, stock: 99, name: 'Renamed' }], catalog.categories)).resolves.toBe(0);
    await expect(categories.insertMissing(catalog.categories)).resolves.toBe(0);
    expect(await model.countDocuments().exec()).toBe(catalog.products.length + 1);
    await expect(products.findById(kettle.id)).resolves.toMatchObject({ stock: 7, name: 'Crème Enamel Kettle' });
  });

  it('finds by slug and by many ids, leaving out unknown and malformed ids', async () => {
    await expect(products.findBySlug('test-enamel-kettle')).resolves.toMatchObject({ id: kettle.id });
    await expect(products.findBySlug('nope')).resolves.toBeNull();
    await expect(products.findById('not-an-id')).resolves.toBeNull();
    const [first, second] = catalog.products;
    const found = await products.findByIds([first.id, 'not-an-id', '0123456789abcdef01234567', second.id, first.id]);
    expect(found.map((p) => p.id).sort()).toEqual([first.id, second.id].sort());
  });

  it('matches every word exactly and the last as a prefix', async () => {
    const search = async (terms: SearchTerms | null) => (await products.search(terms as SearchTerms, { sort: 'name', limit: 100 })).items.map((p) => p.slug);
    await expect(search(parseSearchTerms('creme ENAMEL kett'))).resolves.toEqual(['test-enamel-kettle']);
    await expect(search(parseSearchTerms('kettle creme'))).resolves.toEqual(['test-enamel-kettle']);
    await expect(search(parseSearchTerms('crème ket.*'))).resolves.toEqual(['test-enamel-kettle']);
    await expect(search(parseSearchTerms('kett creme'))).resolves.toEqual([]);
    await expect(search(parseSearchTerms('zzzz'))).resolves.toEqual([]);
  });

  it('counts products per category', async () => {
    const counts = await products.countByCategory();
    expect(counts.get('kitchen')).toBe(31);
    expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(catalog.products.length + 1);
  });

  it('creates the indexes the queries use', async () => {
    const keys = (await model.collection.indexes()).map((index) => JSON.stringify(index.key));
    expect(keys).toEqual(
      expect.arrayContaining([
        '{"categoryId":1,"_id":1}',
        '{"categoryId":1,"createdAt":-1,"_id":-1}',
        '{"categoryId":1,"price.amount":1,"_id":1}',
        '{"categoryId":1,"sortName":1,"_id":1}',
        '{"slug":1}',
        '{"keywords":1}',
      ]),
    );
  });

  it('refuses a price that is not whole minor units', async () => {
    const fractional = { ...kettle, id: productIdForSlug('x'), slug: 'x', price: { amount: 9.99, currency: 'EUR' } };
    await expect(products.insertMissing([fractional], catalog.categories)).rejects.toThrow(/amount/);
  });

  it('inserts each product once when two instances seed at the same time', async () => {
    const fresh = ['race-a', 'race-b', 'race-c'].map((slug) => ({ ...kettle, id: productIdForSlug(slug), slug }));
    const inserted = await Promise.all([products.insertMissing(fresh, catalog.categories), products.insertMissing(fresh, catalog.categories)]);
    expect(inserted[0] + inserted[1]).toBe(3);
    expect(await model.countDocuments({ slug: { $in: ['race-a', 'race-b', 'race-c'] } }).exec()).toBe(3);
  });

  it('skips sharding on a server that is not a mongos', async () => {
    await expect(app.get(CatalogSharding).apply()).resolves.toEqual({ shard: false, reason: expect.stringContaining('not a mongos') });
  });
});
