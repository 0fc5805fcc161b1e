import { OrderPatterns, PaymentsPatterns, TEST_CARDS } from '@bazaar/contracts';
import { ServiceError } from '@bazaar/shared/rpc';
import { checkoutBody, FakeDownstream, startEdgeApp, TEST_CARD, TEST_CUSTOMER, TOKENIZED } from '../testing/edge-app';

describe('POST /api/checkout pays by card', () => {
  const downstream = new FakeDownstream((call) => (call.pattern === OrderPatterns.checkout ? { orderId: 'o-1', status: 'PENDING' } : {}));
  let edge: Awaited<ReturnType<typeof startEdgeApp>>;
  beforeAll(async () => (edge = await startEdgeApp(downstream)));
  afterAll(() => edge.app.close());
  beforeEach(() => downstream.calls.splice(0));

  const checkout = (payload: object, target = edge) => target.inject({ method: 'POST', url: '/api/checkout', payload, headers: { 'idempotency-key': 'key-12345678' } });

  it('has payments tokenize the card, then places the order with the payment method only', async () => {
    const response = await checkout(checkoutBody());
    expect(response.statusCode).toBe(202);
    expect(downstream.calls.map(({ service, pattern }) => `${service} ${pattern}`)).toEqual([`payments ${PaymentsPatterns.tokenizeCard}`, `order ${OrderPatterns.checkout}`]);
    expect(downstream.calls[0].data).toEqual({ card: TEST_CARD });
    expect(downstream.calls[1].data).toEqual({ cartId: expect.any(String), idempotencyKey: 'key-12345678', customer: TEST_CUSTOMER, paymentMethod: TOKENIZED });
  });

  it.each([
    ['no customer', { payment: { card: TEST_CARD } }, 'customer must be an object'],
    ['no address', checkoutBody({ ...TEST_CUSTOMER, address: undefined }), 'customer.address must be an object'],
    ['a null second address line', checkoutBody({ ...TEST_CUSTOMER, address: { ...TEST_CUSTOMER.address, line2: null } }), 'customer.address.line2 must be a string'],
    ['no payment', { customer: TEST_CUSTOMER }, 'payment must be an object'],
    ['no card', { customer: TEST_CUSTOMER, payment: {} }, 'payment.card must be an object'],
    ['a wrong check digit', checkoutBody(TEST_CUSTOMER, { ...TEST_CARD, number: '4242 4242 4242 4241' }), 'payment.card.number is not a valid card number (its check digit is wrong)'],
    ['too few digits', checkoutBody(TEST_CUSTOMER, { ...TEST_CARD, number: '4242' }), 'payment.card.number must be 12 to 19 digits'],
    ['a number that is no string', checkoutBody(TEST_CUSTOMER, { ...TEST_CARD, number: 4242424242424242 }), 'payment.card.number must be a string'],
    ['an expiry not MM/YY', checkoutBody(TEST_CUSTOMER, { ...TEST_CARD, expiry: '2030-12' }), 'payment.card.expiry must be MM/YY'],
    ['a two-digit CVC', checkoutBody(TEST_CUSTOMER, { ...TEST_CARD, cvc: '12' }), 'payment.card.cvc must be 3 or 4 digits'],
    ['a field the card does not have', checkoutBody(TEST_CUSTOMER, { ...TEST_CARD, holder: 'Ada' }), 'payment.card.property holder should not exist'],
  ])('refuses %s with 400 naming the field, and calls nothing', async (_case, payload, message) => {
    const response = await checkout(payload);
    expect(JSON.parse(response.body)).toEqual({ statusCode: 400, code: 'VALIDATION_FAILED', message: expect.stringContaining(message), requestId: response.headers['x-request-id'] });
    expect(downstream.calls).toEqual([]);
  });

  it('takes the number as typed, with spaces or dashes', async () => {
    expect((await checkout(checkoutBody(TEST_CUSTOMER, { ...TEST_CARD, number: '5555-5555-5555-4444' }))).statusCode).toBe(202);
    expect((await checkout(checkoutBody(TEST_CUSTOMER, { ...TEST_CARD, number: TEST_CARDS.insufficientFunds }))).statusCode).toBe(202);
  });

  it('answers 503 in the one error shape when payments is unreachable, and places no order', async () => {
    const paymentsDown = new FakeDownstream(
      () => ({ orderId: 'o-1', status: 'PENDING' }),
      () => {
        throw ServiceError.unavailable('payments', 'connect ECONNREFUSED 127.0.0.1:4004');
      },
    );
    const other = await startEdgeApp(paymentsDown);
    try {
      const response = await checkout(checkoutBody(), other);
      expect(JSON.parse(response.body)).toEqual({ statusCode: 503, code: 'DEPENDENCY_UNAVAILABLE', message: 'payments is unavailable', requestId: response.headers['x-request-id'] });
      expect(paymentsDown.calls.map(({ service }) => service)).toEqual(['payments']);
    } finally {
      await other.app.close();
    }
  });
});
