import { cancelOrder, confirmOrder, Order, OrderInvariantError, ORDER_TRANSITIONS, placeOrder, PlaceOrder, TIMED_OUT, timeOutOrder } from './order';
import { orderIdFor } from './order-id';

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const input: PlaceOrder = {
  cartId: 'c1',
  idempotencyKey: 'key-12345',
  customer: { name: 'Ada', email: 'ada@example.com', address: { line1: '1 Main St', city: 'Paris', postalCode: '75001', country: 'FR' } },
  lines: [
    { productId: 'p1', name: 'Mug', quantity: 2, unitPrice: eur(1250) },
    { productId: 'p2', name: 'Tea', quantity: 1, unitPrice: eur(399) },
  ],
  payment: { id: 'pm_sim_approves_1', brand: 'visa', last4: '4242' },
};

describe('placeOrder', () => {
  it('starts PENDING with the total in integer minor units', () => {
    const order = placeOrder(input);
    expect(order).toMatchObject({ id: orderIdFor(order.cartId, 'key-12345'), status: 'PENDING', cancelReason: null, currency: 'EUR', total: 2899 });
    expect(order.lines[0]).toEqual({ productId: 'p1', name: 'Mug', quantity: 2, unitPrice: 1250 });
  });

  it('keeps the payment method it is paid with', () => {
    expect(placeOrder(input).payment).toEqual({ id: 'pm_sim_approves_1', brand: 'visa', last4: '4242' });
  });

  it.each<[string, Partial<PlaceOrder>, RegExp]>([
    ['no lines', { lines: [] }, /at least one line/],
    ['a fractional price', { lines: [{ productId: 'p1', name: 'Mug', quantity: 1, unitPrice: eur(12.5) }] }, /integer minor units/],
    ['a zero quantity', { lines: [{ productId: 'p1', name: 'Mug', quantity: 0, unitPrice: eur(100) }] }, /positive integer/],
    ['mixed currencies', { lines: [input.lines[0], { ...input.lines[1], unitPrice: { amount: 399, currency: 'USD' } }] }, /mix currencies/],
    ['a product twice', { lines: [input.lines[0], input.lines[0]] }, /two lines/],
  ])('refuses %s', (_case, change, message) => {
    expect(() => placeOrder({ ...input, ...change })).toThrow(OrderInvariantError);
    expect(() => placeOrder({ ...input, ...change })).toThrow(message);
  });
});

describe('order transitions', () => {
  const pending = { ...placeOrder(input), id: 'o1' };
  const confirmed = { ...pending, status: 'CONFIRMED' } as Order;
  const cancelled = { ...pending, status: 'CANCELLED', cancelReason: 'Out of stock' } as Order;

  it('confirms a PENDING order', () => {
    expect(confirmOrder(pending)).toEqual({ outcome: 'changed', order: { ...pending, status: 'CONFIRMED' } });
  });

  it('cancels a PENDING order with its reason', () => {
    expect(cancelOrder(pending, 'Out of stock')).toEqual({ outcome: 'changed', order: cancelled });
  });

  it('treats a repeated transition as unchanged', () => {
    expect(confirmOrder(confirmed)).toEqual({ outcome: 'unchanged', order: confirmed });
    expect(cancelOrder(cancelled, 'again')).toEqual({ outcome: 'unchanged', order: cancelled });
  });

  it('rejects leaving a final state', () => {
    expect(confirmOrder(cancelled)).toEqual({ outcome: 'rejected', reason: 'Order o1 is CANCELLED and cannot be confirmed', fromState: 'CANCELLED', toState: 'CONFIRMED' });
    expect(cancelOrder(confirmed, 'late')).toEqual({ outcome: 'rejected', reason: 'Order o1 is CONFIRMED and cannot be cancelled', fromState: 'CONFIRMED', toState: 'CANCELLED' });
  });

  it('needs a reason to cancel', () => {
    expect(() => cancelOrder(pending, ' ')).toThrow(OrderInvariantError);
  });
});

describe('the transition table', () => {
  const pending = { ...placeOrder(input), id: 'o1' };
  const inState = (status: Order['status']) => ({ ...pending, status }) as Order;
  const to = { CONFIRMED: confirmOrder, CANCELLED: (order: Order) => cancelOrder(order, 'r') };

  it('allows PENDING to become CONFIRMED or CANCELLED, and nothing out of a final state', () => {
    expect(ORDER_TRANSITIONS).toEqual({ PENDING: ['CONFIRMED', 'CANCELLED'], CONFIRMED: [], CANCELLED: [] });
  });

  it.each([
    ['PENDING', 'CONFIRMED', 'changed'],
    ['PENDING', 'CANCELLED', 'changed'],
    ['CONFIRMED', 'CONFIRMED', 'unchanged'],
    ['CONFIRMED', 'CANCELLED', 'rejected'],
    ['CANCELLED', 'CANCELLED', 'unchanged'],
    ['CANCELLED', 'CONFIRMED', 'rejected'],
  ] as const)('%s → %s is %s', (from, target, outcome) => {
    expect(to[target](inState(from)).outcome).toBe(outcome);
  });
});

describe('the PENDING deadline', () => {
  const pending = { ...placeOrder(input), id: 'o1' };
  const placedAt = new Date('2026-01-01T10:00:00Z');
  const at = (seconds: number) => new Date(placedAt.getTime() + seconds * 1000);

  it('leaves an order alone before its deadline', () => {
    expect(timeOutOrder(pending, placedAt, 180_000, at(179))).toEqual({ outcome: 'unchanged', order: pending });
  });

  it('cancels a PENDING order at its deadline with reason TIMED_OUT', () => {
    expect(timeOutOrder(pending, placedAt, 180_000, at(180))).toEqual({ outcome: 'changed', order: { ...pending, status: 'CANCELLED', cancelReason: TIMED_OUT } });
  });

  it('never touches an order that became final first (catalog answered before the sweep)', () => {
    const confirmed = { ...pending, status: 'CONFIRMED' } as Order;
    const rejected = { ...pending, status: 'CANCELLED', cancelReason: 'Not enough stock' } as Order;
    expect(timeOutOrder(confirmed, placedAt, 180_000, at(600))).toEqual({ outcome: 'unchanged', order: confirmed });
    expect(timeOutOrder(rejected, placedAt, 180_000, at(600))).toEqual({ outcome: 'unchanged', order: rejected });
  });
});
