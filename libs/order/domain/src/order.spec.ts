import { cancelOrder, confirmOrder, Order, OrderInvariantError, placeOrder, PlaceOrder } from './order';
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
};

describe('placeOrder', () => {
  it('starts PENDING with the total in integer minor units', () => {
    const order = placeOrder(input);
    expect(order).toMatchObject({ id: orderIdFor(order.cartId, 'key-12345'), status: 'PENDING', cancelReason: null, currency: 'EUR', total: 2899 });
    expect(order.lines[0]).toEqual({ productId: 'p1', name: 'Mug', quantity: 2, unitPrice: 1250 });
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
    expect(confirmOrder(cancelled)).toEqual({ outcome: 'rejected', reason: 'Order o1 is CANCELLED and cannot be confirmed' });
    expect(cancelOrder(confirmed, 'late')).toEqual({ outcome: 'rejected', reason: 'Order o1 is CONFIRMED and cannot be cancelled' });
  });

  it('needs a reason to cancel', () => {
    expect(() => cancelOrder(pending, ' ')).toThrow(OrderInvariantError);
  });
});
