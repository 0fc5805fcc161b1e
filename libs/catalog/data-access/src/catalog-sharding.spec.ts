import { AdminCommand, AdminDb, applyCatalogSharding, planCatalogSharding } from './catalog-sharding';

class FakeAdminDb implements AdminDb {
  readonly issued: AdminCommand[] = [];

  constructor(
    private readonly hello: Record<string, unknown>,
    private readonly failures: Record<string, unknown> = {},
  ) {}

  async command(command: AdminCommand): Promise<Record<string, unknown>> {
    this.issued.push(command);
    const name = Object.keys(command)[0];
    if (name === 'hello') return this.hello;
    if (this.failures[name]) throw this.failures[name];
    return { ok: 1 };
  }
}

const alreadyInitialized = (message: string) => Object.assign(new Error(message), { code: 23, codeName: 'AlreadyInitialized' });

describe('catalog sharding', () => {
  it('shards the products collection on {categoryId, _id} when connected to a mongos', async () => {
    const admin = new FakeAdminDb({ isWritablePrimary: true, msg: 'isdbgrid', ok: 1 });
    await expect(applyCatalogSharding(admin, 'catalog', 'products')).resolves.toMatchObject({ shard: true });
    expect(admin.issued).toEqual([{ hello: 1 }, { enableSharding: 'catalog' }, { shardCollection: 'catalog.products', key: { categoryId: 1, _id: 1 } }]);
    expect(Object.keys((admin.issued[2] as { key: object }).key)).toEqual(['categoryId', '_id']);
  });

  it.each([
    ['a replica set member', { isWritablePrimary: true, setName: 'rs0', ok: 1 }],
    ['FerretDB', { isWritablePrimary: true, maxWireVersion: 21, ok: 1 }],
    ['another msg', { msg: 'something else', ok: 1 }],
  ])('skips on %s, issuing nothing but hello, and says why', async (_label, hello) => {
    const admin = new FakeAdminDb(hello);
    const plan = await applyCatalogSharding(admin, 'catalog', 'products');
    expect(plan).toEqual({ shard: false, reason: expect.stringContaining('not a mongos') });
    expect(admin.issued).toEqual([{ hello: 1 }]);
  });

  it('treats an already sharded database and collection as done', async () => {
    const admin = new FakeAdminDb(
      { msg: 'isdbgrid' },
      { enableSharding: alreadyInitialized('sharding already enabled for database catalog'), shardCollection: alreadyInitialized('collection already sharded') },
    );
    await expect(applyCatalogSharding(admin, 'catalog', 'products')).resolves.toMatchObject({ shard: true });
    expect(admin.issued).toHaveLength(3);
  });

  it('fails the start on any other error, e.g. a different existing shard key', async () => {
    const conflict = Object.assign(new Error('collection is sharded with a different key'), { code: 20, codeName: 'IllegalOperation' });
    const admin = new FakeAdminDb({ msg: 'isdbgrid' }, { shardCollection: conflict });
    await expect(applyCatalogSharding(admin, 'catalog', 'products')).rejects.toBe(conflict);
  });

  it('plans the exact commands for a database name', () => {
    expect(planCatalogSharding({ msg: 'isdbgrid' }, 'shop', 'items')).toEqual({
      shard: true,
      commands: [{ enableSharding: 'shop' }, { shardCollection: 'shop.items', key: { categoryId: 1, _id: 1 } }],
    });
  });
});
