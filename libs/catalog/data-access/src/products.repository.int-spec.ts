import { INestApplicationContext } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { MongoConnectionModule } from '@bazaar/shared/mongo';
import { requireServer, uniqueName } from '@bazaar/shared/testing';
import { CatalogDataAccessModule } from './catalog-data-access.module';
import { ProductsRepository } from './products.repository';

describe('ProductsRepository (real MongoDB wire protocol)', () => {
  let app: INestApplicationContext;
  let products: ProductsRepository;

  beforeAll(async () => {
    const env = { MONGO_URL: await requireServer('mongodb'), MONGO_DB: uniqueName('it-catalog') };
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [() => env] }), MongoConnectionModule, CatalogDataAccessModule],
    }).compile();
    app = await moduleRef.init();
    products = app.get(ProductsRepository);
  });
  afterAll(() => app?.close());

  it('writes a product through mongoose and reads it back', async () => {
    const created = await products.create({
      categoryId: 'kitchen',
      slug: 'enamel-kettle',
      name: 'Enamel kettle',
      price: { amount: 3499, currency: 'EUR' },
      stock: 12,
    });
    const found = await products.findById(created._id.toHexString());
    expect(found).toMatchObject({ name: 'Enamel kettle', price: { amount: 3499, currency: 'EUR' }, stock: 12 });
  });

  it('finds nothing for an unknown or malformed id', async () => {
    await expect(products.findById('0123456789abcdef01234567')).resolves.toBeNull();
    await expect(products.findById('not-an-id')).resolves.toBeNull();
  });

  it('rejects a price that is not whole minor units', async () => {
    await expect(
      products.create({ categoryId: 'kitchen', slug: 'x', name: 'X', price: { amount: 9.99, currency: 'EUR' }, stock: 1 }),
    ).rejects.toThrow(/amount/);
  });
});
