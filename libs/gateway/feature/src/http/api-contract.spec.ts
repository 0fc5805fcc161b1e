import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { OpenAPIObject, OperationObject, ParameterObject, SchemaObject } from '@nestjs/swagger';
import { CARD_BRANDS, CatalogPatterns, TEST_CARDS } from '@bazaar/contracts';
import { checkoutBody, FakeDownstream, startEdgeApp } from '../testing/edge-app';
import { ERROR_SCHEMA_NAME, impliedErrorStatuses } from './api-errors';

const PRODUCT = '0123456789abcdef01234567';
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

describe('the OpenAPI document is the contract', () => {
  const downstream = new FakeDownstream((call) => (call.pattern === CatalogPatterns.listProducts ? { items: [], nextCursor: null } : { ...call.data }));
  let edge: Awaited<ReturnType<typeof startEdgeApp>>;
  let document: OpenAPIObject;
  beforeAll(async () => {
    edge = await startEdgeApp(downstream);
    document = JSON.parse((await edge.inject({ method: 'GET', url: '/docs/openapi.json' })).body);
  });
  afterAll(() => edge.app.close());

  const operations = () =>
    Object.entries(document.paths).flatMap(([path, item]) => METHODS.filter((method) => item[method]).map((method) => ({ path, method, operation: item[method] as OperationObject })));

  it('declares on every API operation the error responses its inputs and the edge imply, in the one error shape', () => {
    expect(operations().length).toBeGreaterThanOrEqual(12);
    for (const { path, method, operation } of operations()) {
      const statuses = impliedErrorStatuses(operation);
      expect(statuses).toEqual(expect.arrayContaining([429, 500]));
      for (const status of statuses) {
        expect({ path, method, status, response: operation.responses[status] }).toMatchObject({
          response: { content: { 'application/json': { schema: { $ref: `#/components/schemas/${ERROR_SCHEMA_NAME}` } } } },
        });
      }
    }
    expect(document.paths['/api/cart/items'].post?.responses).toHaveProperty('413');
    expect(document.paths['/api/cart/items'].post?.responses).toHaveProperty('415');
    expect(document.components?.schemas?.[ERROR_SCHEMA_NAME]).toMatchObject({ required: ['statusCode', 'code', 'message', 'requestId'], additionalProperties: false });
  });

  it('declares what a route answers with beyond its inputs: services down or late, not found, conflicts', () => {
    const responses = (path: string, method: (typeof METHODS)[number]) => Object.keys(document.paths[path][method]?.responses ?? {});
    expect(responses('/api/products/{id}', 'get')).toEqual(expect.arrayContaining(['200', '400', '404', '429', '500', '503', '504']));
    expect(responses('/api/cart/items', 'post')).toEqual(expect.arrayContaining(['201', '400', '404', '409', '413', '415', '429', '503', '504']));
    expect(responses('/api/checkout', 'post')).toEqual(expect.arrayContaining(['202', '400', '409', '413', '415', '422', '429', '503', '504']));
    expect(responses('/api/orders/{id}', 'get')).toEqual(expect.arrayContaining(['404']));
    expect(responses('/api/config', 'get')).not.toContain('503');
    for (const { path, method, operation } of operations()) {
      expect({ path, method, success: Object.keys(operation.responses).filter((status) => status.startsWith('2')) }).toEqual({ path, method, success: [expect.any(String)] });
    }
    expect(responses('/api/cart', 'delete')).toContain('200');
    expect(document.paths['/api/products']?.get?.responses['429']).toHaveProperty('headers.Retry-After');
  });

  it('closes request bodies as the validation does (no unknown properties), down to nested objects', () => {
    const schemas = document.components?.schemas as Record<string, SchemaObject>;
    for (const name of ['AddCartItemBody', 'SetCartItemQuantityBody', 'CheckoutBody', 'CustomerBody', 'AddressBody', 'PaymentBody', 'CardBody']) {
      expect({ name, additionalProperties: schemas[name].additionalProperties }).toEqual({ name, additionalProperties: false });
    }
  });

  it('describes every answer, closed: no cart id or other field outside the contract passes', () => {
    const schemas = document.components?.schemas as Record<string, SchemaObject>;
    expect(document.paths['/api/cart'].get?.responses['200']).toMatchObject({ content: { 'application/json': { schema: { $ref: '#/components/schemas/CartResponse' } } } });
    for (const name of ['CartResponse', 'CartLineResponse', 'OrderResponse', 'ProductResponse', 'ProductPageResponse', 'MoneyResponse', 'CheckoutResponse']) {
      expect({ name, additionalProperties: schemas[name].additionalProperties, cartId: schemas[name].properties?.cartId }).toEqual({ name, additionalProperties: false, cartId: undefined });
    }
    expect(schemas.ProductResponse.properties?.attributes).toMatchObject({ additionalProperties: { type: 'string' } });
  });

  it('requires a card at checkout, with a pattern every test card matches and the test cards in its description', () => {
    const schemas = document.components?.schemas as Record<string, SchemaObject>;
    expect(schemas.CheckoutBody.required).toEqual(expect.arrayContaining(['customer', 'payment']));
    expect(schemas.PaymentBody.required).toEqual(['card']);
    expect(schemas.CardBody.required).toEqual(['number', 'expiry', 'cvc']);
    const number = schemas.CardBody.properties?.number as SchemaObject;
    for (const card of Object.values(TEST_CARDS)) {
      expect({ card, matches: new RegExp(number.pattern as string).test(card) }).toEqual({ card, matches: true });
      expect(number.description).toContain(card);
    }
    expect(new RegExp(number.pattern as string).test('4242')).toBe(false);
    expect(schemas.CardBody.properties?.expiry).toMatchObject({ pattern: '^(0[1-9]|1[0-2])\\/\\d{2}$' });
    expect(schemas.OrderResponse.required).toContain('payment');
    expect(schemas.OrderResponse.properties?.payment).toMatchObject({ nullable: true });
    expect(schemas.OrderPaymentResponse.properties?.brand).toMatchObject({ enum: [...CARD_BRANDS] });
  });

  // Before: the nullable `payment` (allOf: [$ref]) was closed itself, so it refused the card's own brand and last4 (schemathesis, ST108).
  it('describes an order with its card, and nothing more of the card', () => {
    const ajv = addFormats(new Ajv({ strict: false }));
    const validOrder = ajv.compile({ $ref: '#/components/schemas/OrderResponse', components: document.components });
    const order = {
      id: '0d8b6c1e-6c4b-8a3f-9d2e-1b7a4c5e6f70',
      status: 'CONFIRMED',
      cancelReason: null,
      lines: [],
      total: { amount: 0, currency: 'EUR' },
      customer: { name: 'Ada', email: 'ada@example.com', address: { line1: '1 Rue', city: 'Lyon', postalCode: '69002', country: 'FR' } },
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
    const valid = (payment: unknown) => validOrder({ ...order, payment });
    expect(valid({ brand: 'visa', last4: '4242' })).toBe(true);
    expect(valid({ brand: 'visa', last4: '4242', id: 'pm_sim_1' })).toBe(false);
  });

  it('states the rules the validation enforces: ids, bounds, enums, the Idempotency-Key', () => {
    const parameter = (path: string, name: string, method: 'get' | 'post' = 'get') =>
      (document.paths[path][method]?.parameters as ParameterObject[]).find((p) => p.name === name)?.schema as SchemaObject;
    expect(parameter('/api/products/{id}', 'id').pattern).toBe('^[0-9a-fA-F]{24}$');
    expect(parameter('/api/products', 'limit')).toMatchObject({ type: 'integer', minimum: 1, maximum: 100 });
    expect(parameter('/api/products', 'sort').enum).toBeDefined();
    expect(parameter('/api/products', 'category').pattern).toBeDefined();
    expect(parameter('/api/search', 'q')).toMatchObject({ minLength: 1, maxLength: 100 });
    expect(parameter('/api/checkout', 'Idempotency-Key', 'post')).toMatchObject({ pattern: '^[A-Za-z0-9_-]{8,200}$' });
    const addItem = (document.components?.schemas as Record<string, SchemaObject>).AddCartItemBody;
    expect(addItem.properties?.quantity).toMatchObject({ type: 'integer', minimum: 1, maximum: 20 });
  });

  it('documents no path parameter longer than the router takes', () => {
    const { maxParamLength } = edge.fastify.initialConfig;
    const pathParameters = operations().flatMap(({ operation }) => ((operation.parameters ?? []) as ParameterObject[]).filter((p) => p.in === 'path'));
    expect(pathParameters.length).toBeGreaterThan(0);
    for (const { name, schema } of pathParameters) expect({ name, fits: ((schema as SchemaObject).maxLength ?? 36) <= (maxParamLength ?? 100) }).toEqual({ name, fits: true });
  });

  it('is made of valid JSON schemas', () => {
    const ajv = addFormats(new Ajv({ strict: false }));
    for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) expect(() => ajv.compile({ ...schema, components: document.components, $id: name })).not.toThrow();
  });

  it('takes every address the email pattern takes (IsEmail refused some that `format: email` allows)', async () => {
    const checkout = (email: string) =>
      edge.inject({
        method: 'POST',
        url: '/api/checkout',
        headers: { 'idempotency-key': 'key-12345678' },
        payload: checkoutBody({ name: 'Ada', email, address: { line1: '1 Rue', city: 'Lyon', postalCode: '69002', country: 'FR' } }),
      });
    const schema = (document.components?.schemas as Record<string, SchemaObject>).CustomerBody.properties?.email as SchemaObject;
    for (const email of ['kh!/vqol@fo0ce5je.dev', 'ada.lovelace+shop@mail.example.co.uk', 'a_b%c@x-y.fr']) {
      const valid = new RegExp(schema.pattern as string).test(email);
      expect({ email, status: (await checkout(email)).statusCode }).toEqual({ email, status: valid ? 202 : 400 });
    }
    expect((await checkout('not an email')).statusCode).toBe(400);
    // The order service's own pattern: zod refuses a leading dot, which IsEmail took.
    expect((await checkout('.ada@example.com')).statusCode).toBe(400);
  });

  it('refuses a blank name as the schema does (the order service trims it and requires something left)', async () => {
    const name = (document.components?.schemas as Record<string, SchemaObject>).CustomerBody.properties?.name as SchemaObject;
    expect(new RegExp(name.pattern as string).test('   ')).toBe(false);
    const response = await edge.inject({
      method: 'POST',
      url: '/api/checkout',
      headers: { 'idempotency-key': 'key-12345678' },
      payload: checkoutBody({ name: '   ', email: 'ada@example.com', address: { line1: '1 Rue', city: 'Lyon', postalCode: '69002', country: 'FR' } }),
    });
    expect(response.statusCode).toBe(400);
  });

  it('refuses a product id the schema refuses: 0x-prefixed hexadecimal is no id (IsMongoId took it)', async () => {
    const response = await edge.inject({ method: 'GET', url: '/api/products/0x23456789abcdef01234567' });
    expect(response.statusCode).toBe(400);
    expect((await edge.inject({ method: 'GET', url: `/api/products/${PRODUCT.toUpperCase()}` })).statusCode).toBe(200);
  });
});

describe('a method a path does not take', () => {
  let edge: Awaited<ReturnType<typeof startEdgeApp>>;
  beforeAll(async () => (edge = await startEdgeApp(new FakeDownstream())));
  afterAll(() => edge.app.close());

  it.each([
    ['POST', '/api/products/0123456789abcdef01234567', 'GET, HEAD'],
    ['PUT', '/api/cart', 'GET, HEAD, DELETE'],
    ['GET', '/api/cart/items', 'POST'],
    ['GET', '/api/checkout', 'POST'],
    ['POST', '/api/cart/items/0123456789abcdef01234567?x=1', 'PATCH, DELETE'],
    // Methods Fastify routes nowhere, and one it would otherwise refuse for its missing content type.
    ['TRACE', '/api/categories', 'GET, HEAD'],
    ['QUERY', '/api/cart', 'GET, HEAD, DELETE'],
  ])('answers %s %s with 405, Allow: %s, in the one error shape', async (method, url, allow) => {
    const response = await edge.inject({ method: method as 'GET', url });
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe(allow);
    expect(JSON.parse(response.body)).toEqual({ statusCode: 405, code: 'METHOD_NOT_ALLOWED', message: expect.stringContaining(allow), requestId: expect.any(String) });
  });

  it('still answers 404 for a path no method serves', async () => {
    expect((await edge.inject({ method: 'POST', url: '/api/nope' })).statusCode).toBe(404);
    expect((await edge.inject({ method: 'DELETE', url: '/nope' })).statusCode).toBe(404);
  });
});
