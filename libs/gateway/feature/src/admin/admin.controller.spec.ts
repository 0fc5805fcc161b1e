import { AdminProductView, CatalogAdminPatterns } from '@bazaar/contracts';
import { ServiceError } from '@bazaar/shared/rpc';
import { DownstreamCall, FakeDownstream, startEdgeApp } from '../testing/edge-app';

const TOKEN = 'admin-token-of-at-least-24-characters';
const ID = '0123456789abcdef01234567';
const product = (revision: number): AdminProductView => ({
  id: ID,
  slug: 'enamel-kettle',
  name: 'Enamel Kettle',
  description: '',
  categoryId: 'kitchen',
  price: { amount: 2990, currency: 'EUR' },
  images: [],
  attributes: {},
  stock: 4,
  inStock: true,
  createdAt: '2026-01-01T00:00:00.000Z',
  revision,
});

/** Catalog as the fake sees it: at revision 3; an edit made on another revision loses. */
function catalog({ pattern, data }: DownstreamCall): unknown {
  if (pattern === CatalogAdminPatterns.updateProduct && data.expectedRevision !== 3) {
    throw new ServiceError(412, 'PRODUCT_VERSION_CONFLICT', 'stale', undefined, { currentRevision: 3, current: product(3) });
  }
  if (pattern === CatalogAdminPatterns.updateProduct) return product(4);
  if (pattern === CatalogAdminPatterns.adjustStock) return { productId: ID, stock: 4 + (data.delta as number) };
  return product(3);
}

describe('the admin API at the gateway', () => {
  const downstream = new FakeDownstream(catalog);
  let edge: Awaited<ReturnType<typeof startEdgeApp>>;
  beforeAll(async () => (edge = await startEdgeApp(downstream, { ADMIN_TOKEN: TOKEN })));
  afterAll(() => edge.app.close());
  beforeEach(() => downstream.calls.splice(0));

  const admin = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object, headers: Record<string, string> = {}) =>
    edge.inject({ method, url: `/api/admin/products${url}`, payload, headers: { authorization: `Bearer ${TOKEN}`, ...headers } });

  it('asks for the token (401 with WWW-Authenticate), refuses a wrong one (403), and calls catalog only with the right one', async () => {
    const none = await edge.inject({ method: 'GET', url: `/api/admin/products/${ID}` });
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(none.json()).toMatchObject({ statusCode: 401, code: 'ADMIN_TOKEN_REQUIRED', requestId: expect.any(String) });
    const wrong = await edge.inject({ method: 'GET', url: `/api/admin/products/${ID}`, headers: { authorization: `Bearer ${TOKEN}x` } });
    expect(wrong.json()).toMatchObject({ statusCode: 403, code: 'ADMIN_TOKEN_INVALID' });
    const basic = await edge.inject({ method: 'GET', url: `/api/admin/products/${ID}`, headers: { authorization: `Basic ${Buffer.from(`a:${TOKEN}`).toString('base64')}` } });
    expect(basic.statusCode).toBe(401);
    expect(downstream.calls).toEqual([]);
  });

  it('answers a read with the revision as ETag', async () => {
    const read = await admin('GET', `/${ID}`);
    expect(read.statusCode).toBe(200);
    expect(read.headers.etag).toBe('"3"');
    expect(read.json()).toMatchObject({ id: ID, revision: 3 });
  });

  it('requires If-Match on an edit (428), refuses a malformed one (400), and sends the revision it names', async () => {
    expect((await admin('PATCH', `/${ID}`, { name: 'Kettle' })).json()).toMatchObject({ statusCode: 428, code: 'PRECONDITION_REQUIRED' });
    expect((await admin('PATCH', `/${ID}`, { name: 'Kettle' }, { 'if-match': '*' })).statusCode).toBe(400);
    expect(downstream.calls).toEqual([]);
    const edited = await admin('PATCH', `/${ID}`, { name: 'Kettle' }, { 'if-match': '"3"' });
    expect(edited.statusCode).toBe(200);
    expect(edited.headers.etag).toBe('"4"');
    expect(downstream.calls).toEqual([{ service: 'catalog', pattern: CatalogAdminPatterns.updateProduct, data: { id: ID, expectedRevision: 3, changes: { name: 'Kettle' } } }]);
  });

  it('answers a stale edit 412 in the one error shape, with the current version in details', async () => {
    const stale = await admin('PUT', `/${ID}/price`, { price: { amount: 3490, currency: 'EUR' } }, { 'if-match': '"2"' });
    expect(stale.statusCode).toBe(412);
    expect(stale.json()).toEqual({
      statusCode: 412,
      code: 'PRODUCT_VERSION_CONFLICT',
      message: 'stale',
      requestId: expect.any(String),
      details: { currentRevision: 3, current: product(3) },
    });
    expect(downstream.calls[0].data).toEqual({ id: ID, expectedRevision: 2, changes: { price: { amount: 3490, currency: 'EUR' } } });
  });

  it('adjusts stock by a delta without If-Match, and refuses what is not a whole number or unknown fields', async () => {
    expect((await admin('POST', `/${ID}/stock/adjustments`, { delta: -1 })).json()).toEqual({ productId: ID, stock: 3 });
    expect((await admin('POST', `/${ID}/stock/adjustments`, { delta: 1.5 })).statusCode).toBe(400);
    expect((await admin('POST', `/${ID}/stock/adjustments`, { delta: 1, stock: 9 })).statusCode).toBe(400);
    expect((await admin('PATCH', `/${ID}`, { categoryId: 'garden' }, { 'if-match': '"3"' })).statusCode).toBe(400);
  });

  it('passes an adjustment’s Idempotency-Key on to catalog, and refuses a malformed one', async () => {
    await admin('POST', `/${ID}/stock/adjustments`, { delta: 2 }, { 'idempotency-key': 'restock-2026-12-01' });
    expect(downstream.calls.at(-1)?.data).toEqual({ id: ID, delta: 2, idempotencyKey: 'restock-2026-12-01' });
    await admin('POST', `/${ID}/stock/adjustments`, { delta: 2 });
    expect(downstream.calls.at(-1)?.data).toEqual({ id: ID, delta: 2 });
    const malformed = await admin('POST', `/${ID}/stock/adjustments`, { delta: 2 }, { 'idempotency-key': 'short' });
    expect({ status: malformed.statusCode, message: malformed.json().message }).toEqual({ status: 400, message: expect.stringContaining('Idempotency-Key') });
  });

  it('documents the admin operations with their security scheme, statuses and headers', async () => {
    const document = JSON.parse((await edge.inject({ method: 'GET', url: '/docs/openapi.json' })).body);
    expect(document.components.securitySchemes['admin-token']).toMatchObject({ type: 'http', scheme: 'bearer' });
    const patch = document.paths['/api/admin/products/{id}'].patch;
    expect(patch.security).toEqual([{ 'admin-token': [] }]);
    expect(Object.keys(patch.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '404', '409', '412', '428', '429', '503']));
    expect(patch.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'If-Match', in: 'header', required: true })]));
    expect(patch.responses['200'].headers.ETag).toBeDefined();
    expect(document.components.schemas.UpdateProductBody.additionalProperties).toBe(false);
  });
});

describe('the admin API without ADMIN_TOKEN', () => {
  let edge: Awaited<ReturnType<typeof startEdgeApp>>;
  beforeAll(async () => (edge = await startEdgeApp(new FakeDownstream())));
  afterAll(() => edge.app.close());

  it('is off for everyone, whatever token is sent', async () => {
    for (const headers of [{}, { authorization: `Bearer ${TOKEN}` }]) {
      expect((await edge.inject({ method: 'GET', url: `/api/admin/products/${ID}`, headers })).json()).toMatchObject({ statusCode: 404, code: 'ADMIN_API_DISABLED' });
    }
  });
});

describe('the admin API’s request schemas', () => {
  let edge: Awaited<ReturnType<typeof startEdgeApp>>;
  beforeAll(async () => (edge = await startEdgeApp(new FakeDownstream(() => product(1)), { ADMIN_TOKEN: TOKEN })));
  afterAll(() => edge.app.close());

  it('require on a creation what the validation requires, and nothing on an edit', async () => {
    const document = JSON.parse((await edge.inject({ method: 'GET', url: '/docs/openapi.json' })).body);
    expect([...document.components.schemas.CreateProductBody.required].sort()).toEqual(['categoryId', 'name', 'price', 'slug']);
    expect(document.components.schemas.UpdateProductBody.required ?? []).toEqual([]);
    // What the validation checks inside them, stated too: no empty image URL, attribute texts of at most 500.
    expect(document.components.schemas.CreateProductBody.properties.images.items).toMatchObject({ type: 'string', minLength: 1, maxLength: 500 });
    expect(document.components.schemas.UpdateProductBody.properties.attributes).toMatchObject({ additionalProperties: { type: 'string', maxLength: 500 }, maxProperties: 50 });
    const create = (payload: object) => edge.inject({ method: 'POST', url: '/api/admin/products', payload, headers: { authorization: `Bearer ${TOKEN}` } });
    expect((await create({ categoryId: 'kitchen' })).statusCode).toBe(400);
    expect((await create({ categoryId: 'kitchen', slug: 'kettle', name: 'Kettle', price: { amount: 1, currency: 'EUR' } })).statusCode).toBe(201);
  });
});
