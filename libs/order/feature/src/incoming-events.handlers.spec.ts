import { Logger } from '@nestjs/common';
import { createEvent, PaymentAuthorized, PaymentDeclined, StockRejected, StockReserved } from '@bazaar/contracts';
import { Order, placeOrder } from '@bazaar/order/domain';
import type { OrdersRepository, StoredOrder } from '@bazaar/order/data-access';
import { EventHandler, NonRetryableEventError, type OutboxRelay } from '@bazaar/shared/messaging';
import { IncomingEventsHandlers } from './incoming-events.handlers';
import { OrderTransitions } from './order-transitions.service';

const payment = { id: 'pm_sim_insufficient_funds_1', brand: 'visa' as const, last4: '9995' };
const placed = placeOrder({
  cartId: 'cart-1',
  idempotencyKey: 'key-12345678',
  customer: { name: 'Ada', email: 'ada@example.com', address: { line1: '1 Main St', city: 'Paris', postalCode: '75001', country: 'FR' } },
  lines: [{ productId: 'p-mug', name: 'Mug', quantity: 1, unitPrice: { amount: 1250, currency: 'EUR' } }],
  payment,
});
const orderId = placed.id;
const context = { topic: 'payments.v1', partition: 0, offset: '0', headers: {} };

const authorized = () => createEvent(PaymentAuthorized, { orderId, authorizationId: 'auth_sim_1', amount: { amount: 1250, currency: 'EUR' }, brand: 'visa', last4: '9995' }, { source: 'payments' });
const declined = () =>
  createEvent(PaymentDeclined, { orderId, reason: 'INSUFFICIENT_FUNDS', message: 'Payment declined: insufficient funds (visa ending 9995)' }, { source: 'payments' });
const rejected = () => createEvent(StockRejected, { orderId, reason: 'Not enough Mug in stock', unavailable: [{ productId: 'p-mug', requested: 1, available: 0 }] }, { source: 'catalog' });

/** The handlers over the real transitions, with the order kept in memory; `applies: false` plays a concurrent update winning. */
function handlersWith(stored: Partial<Order> | null, { applies = true } = {}) {
  let order = stored && ({ ...placed, ...stored, createdAt: new Date(), updatedAt: new Date() } as StoredOrder);
  const announced: string[] = [];
  const applyTransition = async (next: Order, event: { type: string }) => {
    if (!applies) return false;
    order = { ...(order as StoredOrder), ...next };
    announced.push(event.type);
    return true;
  };
  const repository = {
    withOrder: async (_id: string, step: (read: StoredOrder | null, apply: typeof applyTransition) => Promise<unknown>) => step(order, applyTransition),
  } as unknown as OrdersRepository;
  const handlers = new IncomingEventsHandlers(new OrderTransitions(repository, { nudge: () => undefined } as unknown as OutboxRelay));
  const handle = (event: { type: string }) => (handlers.handlers.find((h) => h.contract.type === event.type) as EventHandler).handle(event as never, context);
  return { handlers, handle, announced, order: () => order };
}

describe('order consumes the answers of the saga', () => {
  it('listens to StockRejected, PaymentAuthorized and PaymentDeclined, and no longer to StockReserved (payments acts on it)', () => {
    const types = handlersWith(placed).handlers.handlers.map((h) => h.contract.type);
    expect(types).toEqual([StockRejected.type, PaymentAuthorized.type, PaymentDeclined.type]);
    expect(types).not.toContain(StockReserved.type);
  });

  it('confirms on PaymentAuthorized and announces OrderConfirmed; a repeat changes nothing', async () => {
    const { handle, announced, order } = handlersWith(placed);
    await handle(authorized());
    await handle(authorized());
    expect(order()).toMatchObject({ status: 'CONFIRMED', cancelReason: null });
    expect(announced).toEqual(['OrderConfirmed.v1']);
  });

  it('cancels on PaymentDeclined with the decline as the reason and announces OrderCancelled', async () => {
    const { handle, announced, order } = handlersWith(placed);
    await handle(declined());
    expect(order()).toMatchObject({ status: 'CANCELLED', cancelReason: 'Payment declined: insufficient funds (visa ending 9995)' });
    expect(announced).toEqual(['OrderCancelled.v1']);
  });

  it('still cancels on StockRejected with catalog’s reason', async () => {
    const { handle, order } = handlersWith(placed);
    await handle(rejected());
    expect(order()).toMatchObject({ status: 'CANCELLED', cancelReason: 'Not enough Mug in stock' });
  });

  it('acknowledges a late PaymentAuthorized for a CANCELLED order with a warning naming it, and changes nothing (payments voids it on OrderCancelled)', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const late = authorized();
    const { handle, announced, order } = handlersWith({ status: 'CANCELLED', cancelReason: 'TIMED_OUT' });
    await expect(handle(late)).resolves.toBeUndefined();
    expect(order()).toMatchObject({ status: 'CANCELLED', cancelReason: 'TIMED_OUT' });
    expect(announced).toEqual([]);
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ orderId, eventId: late.id, eventType: late.type, orderStatus: 'CANCELLED' }), expect.stringContaining('ignored'));
  });

  it.each([
    ['PaymentDeclined', declined],
    ['StockRejected', rejected],
  ])('takes a late %s for a CANCELLED order as said already: the first reason stays', async (_type, event) => {
    const { handle, announced, order } = handlersWith({ status: 'CANCELLED', cancelReason: 'TIMED_OUT' });
    await expect(handle(event())).resolves.toBeUndefined();
    expect(order()).toMatchObject({ status: 'CANCELLED', cancelReason: 'TIMED_OUT' });
    expect(announced).toEqual([]);
  });

  it.each([
    ['PaymentDeclined', declined],
    ['StockRejected', rejected],
  ])('parks a %s for a CONFIRMED order: it contradicts the saga', async (_type, event) => {
    await expect(handlersWith({ status: 'CONFIRMED' }).handle(event())).rejects.toThrow(NonRetryableEventError);
  });

  it('parks an answer about an order it does not have, and retries one that raced another update', async () => {
    await expect(handlersWith(null).handle(authorized())).rejects.toThrow(NonRetryableEventError);
    const raced = handlersWith(placed, { applies: false }).handle(authorized());
    await expect(raced).rejects.toThrow(/changed while it was being updated/);
    await expect(raced).rejects.not.toThrow(NonRetryableEventError);
  });
});
