import { signerFactory } from '@fastify/cookie';
import { randomUUID } from 'node:crypto';
import { CartPatterns } from '@bazaar/contracts';
import { FakeDownstream, PREVIOUS_SECRET, startEdgeApp, TEST_SECRET } from '../testing/edge-app';
import { CART_COOKIE } from './cart-id';

const signed = (value: string, secret: string) => signerFactory(secret).sign(value);
const cookieOf = (headers: Record<string, unknown>) => String(headers['set-cookie']).split(';')[0].slice(`${CART_COOKIE}=`.length);

describe('the signed cart cookie', () => {
  const downstream = new FakeDownstream();
  let edge: Awaited<ReturnType<typeof startEdgeApp>>;
  beforeAll(async () => (edge = await startEdgeApp(downstream)));
  afterAll(() => edge.app.close());

  /** GET /api/cart with `cookie`: the cart id the cart service was asked for, and the answer. */
  async function cartFor(cookie?: string) {
    const response = await edge.inject({ method: 'GET', url: '/api/cart', headers: cookie === undefined ? {} : { cookie: `${CART_COOKIE}=${cookie}` } });
    const call = downstream.calls.filter((c) => c.pattern === CartPatterns.get).at(-1);
    return { response, cartId: String(call?.data.cartId), cookie: decodeURIComponent(cookieOf(response.headers)) };
  }

  it('issues a fresh cart in a cookie signed with the current secret, HttpOnly', async () => {
    const { response, cartId, cookie } = await cartFor();
    expect(response.statusCode).toBe(200);
    expect(cookie).toBe(signed(cartId, TEST_SECRET));
    expect(String(response.headers['set-cookie'])).toMatch(/HttpOnly/i);
  });

  it('keeps the cart of a cookie it signed', async () => {
    const first = await cartFor();
    expect((await cartFor(encodeURIComponent(first.cookie))).cartId).toBe(first.cartId);
  });

  it('accepts a previous secret and signs again with the current one (rotation)', async () => {
    const cartId = randomUUID();
    const renewed = await cartFor(encodeURIComponent(signed(cartId, PREVIOUS_SECRET)));
    expect(renewed.cartId).toBe(cartId);
    expect(renewed.cookie).toBe(signed(cartId, TEST_SECRET));
  });

  it.each([
    ['an unsigned cart id (one read from a trace)', () => randomUUID()],
    ['a signature of another cart id', () => `${randomUUID()}.${signed(randomUUID(), TEST_SECRET).split('.')[1]}`],
    ['an altered signature', () => signed(randomUUID(), TEST_SECRET).slice(0, -2) + 'xx'],
    ['a foreign secret', () => signed(randomUUID(), 'someone-elses-secret-of-32-characters-or-more')],
    ['a signed value that is no cart id', () => signed('../../etc', TEST_SECRET)],
  ])('gives %s a fresh cart, never the one it names', async (_what, cookie) => {
    const sent = cookie();
    const { cartId } = await cartFor(encodeURIComponent(sent));
    expect(cartId).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent.startsWith(cartId)).toBe(false);
  });

  it('never returns the cart id in a body', async () => {
    const { response, cartId } = await cartFor();
    expect(response.body).not.toContain(cartId);
    expect(JSON.parse(response.body)).not.toHaveProperty('cartId');
  });
});
