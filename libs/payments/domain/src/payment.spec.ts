import {
  authorizationRequest,
  authorizePayment,
  cancelPayment,
  declinePayment,
  joinOrderPlaced,
  joinStockReserved,
  Payment,
  paymentAwaitingOrder,
  paymentAwaitingStock,
  paymentCancelledUnseen,
  PlacedOrder,
  toPaymentsView,
  unsettledAuthorization,
  voidPayment,
} from './payment';

const order: PlacedOrder = { orderId: 'o1', total: { amount: 4598, currency: 'EUR' }, payment: { id: 'pm_sim_approves_1', brand: 'visa', last4: '4242' } };

/** The payment once both facts are known, whichever came first. */
function authorizing(first: 'order' | 'stock'): Payment {
  const result = first === 'order' ? joinStockReserved(paymentAwaitingStock(order)) : joinOrderPlaced(paymentAwaitingOrder('o1'), order);
  if (result.outcome !== 'changed') throw new Error(`expected a change, got ${result.outcome}`);
  return result.payment;
}

describe('payment', () => {
  it('waits for the stock after OrderPlaced, and for the order after StockReserved', () => {
    expect(paymentAwaitingStock(order)).toMatchObject({ status: 'AWAITING_STOCK', amount: order.total, method: order.payment, stockReserved: false, attempts: 0 });
    expect(paymentAwaitingOrder('o1')).toMatchObject({ status: 'AWAITING_ORDER', amount: null, method: null, stockReserved: true });
  });

  it('starts the authorization when the second fact arrives, in either order, with the same result', () => {
    expect(authorizing('order')).toEqual(authorizing('stock'));
    expect(authorizing('order')).toMatchObject({ status: 'AUTHORIZING', amount: order.total, method: order.payment, stockReserved: true });
    expect(joinStockReserved(paymentAwaitingStock(order))).toMatchObject({ outcome: 'changed', from: 'AWAITING_STOCK' });
  });

  it('changes nothing for a repeated fact, nor for a payment already authorizing or decided', () => {
    expect(joinOrderPlaced(paymentAwaitingStock(order), order).outcome).toBe('unchanged');
    expect(joinStockReserved(paymentAwaitingOrder('o1')).outcome).toBe('unchanged');
    expect(joinStockReserved(authorizing('order')).outcome).toBe('unchanged');
    expect(joinOrderPlaced(paymentCancelledUnseen('o1'), order).outcome).toBe('unchanged');
    expect(joinStockReserved(paymentCancelledUnseen('o1')).outcome).toBe('unchanged');
  });

  it('asks the provider with a key derived from the order, so a repeat never charges twice', () => {
    expect(authorizationRequest(authorizing('stock'))).toEqual({ idempotencyKey: 'authorize:o1', paymentMethodId: 'pm_sim_approves_1', amount: order.total });
    expect(authorizationRequest(paymentAwaitingStock(order))).toBeNull();
  });

  it('has nothing to ask without a payment method: it is declined NO_PAYMENT_METHOD', () => {
    const withoutCard = joinStockReserved(paymentAwaitingStock({ orderId: 'o2', total: order.total }));
    if (withoutCard.outcome !== 'changed') throw new Error('expected a change');
    expect(authorizationRequest(withoutCard.payment)).toBeNull();
    expect(declinePayment(withoutCard.payment, 'NO_PAYMENT_METHOD')).toMatchObject({
      outcome: 'changed',
      payment: { status: 'DECLINED', declineReason: 'NO_PAYMENT_METHOD', declineMessage: 'Payment declined: no payment method was given' },
    });
  });

  it('records an approval or a decline with its message, only from AUTHORIZING', () => {
    expect(authorizePayment(authorizing('order'), 'auth_1')).toMatchObject({ outcome: 'changed', from: 'AUTHORIZING', payment: { status: 'AUTHORIZED', authorizationId: 'auth_1' } });
    expect(declinePayment(authorizing('order'), 'INSUFFICIENT_FUNDS')).toMatchObject({
      outcome: 'changed',
      payment: { status: 'DECLINED', declineReason: 'INSUFFICIENT_FUNDS', declineMessage: 'Payment declined: insufficient funds (visa ending 4242)' },
    });
    expect(authorizePayment(paymentAwaitingStock(order), 'auth_1')).toEqual({
      outcome: 'rejected',
      reason: 'Payment of order o1 is AWAITING_STOCK and cannot become AUTHORIZED',
      fromState: 'AWAITING_STOCK',
      toState: 'AUTHORIZED',
    });
    expect(authorizePayment(paymentCancelledUnseen('o1'), 'auth_1')).toMatchObject({ outcome: 'rejected', fromState: 'CANCELLED' });
  });

  it('treats the same decision again as a repeat', () => {
    const authorized = authorizePayment(authorizing('order'), 'auth_1');
    if (authorized.outcome !== 'changed') throw new Error('expected a change');
    expect(authorizePayment(authorized.payment, 'auth_1').outcome).toBe('unchanged');
    expect(authorizePayment(authorized.payment, 'auth_2').outcome).toBe('rejected');
  });

  describe('cancellation', () => {
    it('before an authorization: CANCELLED, and never authorized later', () => {
      for (const payment of [paymentAwaitingStock(order), paymentAwaitingOrder('o1'), authorizing('order')]) {
        const cancelled = cancelPayment(payment);
        expect(cancelled).toMatchObject({ outcome: 'changed', payment: { status: 'CANCELLED' } });
        if (cancelled.outcome !== 'changed') continue;
        expect(joinStockReserved(cancelled.payment).outcome).toBe('unchanged');
        expect(joinOrderPlaced(cancelled.payment, order).outcome).toBe('unchanged');
      }
    });

    it('after an authorization: the provider voids it first, then VOIDED', () => {
      const authorized = authorizePayment(authorizing('order'), 'auth_1');
      if (authorized.outcome !== 'changed') throw new Error('expected a change');
      expect(cancelPayment(authorized.payment)).toEqual({ outcome: 'void', payment: authorized.payment, authorizationId: 'auth_1' });
      expect(voidPayment(authorized.payment, 'auth_1')).toMatchObject({ outcome: 'changed', from: 'AUTHORIZED', payment: { status: 'VOIDED', authorizationId: 'auth_1' } });
    });

    it('an authorization that lost the race to the cancellation is voided too', () => {
      const cancelled = cancelPayment(authorizing('order'));
      if (cancelled.outcome !== 'changed') throw new Error('expected a change');
      expect(authorizePayment(cancelled.payment, 'auth_1').outcome).toBe('rejected');
      expect(voidPayment(cancelled.payment, 'auth_1')).toMatchObject({ outcome: 'changed', from: 'CANCELLED', payment: { status: 'VOIDED', authorizationId: 'auth_1' } });
    });

    it('one cancelled while its authorization was asked for is asked again (same key), so an approval can be voided', () => {
      const cancelled = cancelPayment(authorizing('order'));
      if (cancelled.outcome !== 'changed') throw new Error('expected a change');
      expect(unsettledAuthorization(cancelled.payment)).toBeNull();
      expect(unsettledAuthorization({ ...cancelled.payment, attempts: 1 })).toEqual({ idempotencyKey: 'authorize:o1', paymentMethodId: 'pm_sim_approves_1', amount: order.total });
      expect(unsettledAuthorization({ ...cancelled.payment, attempts: 1, authorizationId: 'auth_1' })).toBeNull();
      expect(unsettledAuthorization({ ...paymentCancelledUnseen('o1'), attempts: 1 })).toBeNull();
    });

    it('changes nothing once final', () => {
      const declined = declinePayment(authorizing('order'), 'CARD_DECLINED');
      if (declined.outcome !== 'changed') throw new Error('expected a change');
      expect(cancelPayment(declined.payment).outcome).toBe('unchanged');
      expect(cancelPayment(paymentCancelledUnseen('o1')).outcome).toBe('unchanged');
    });
  });

  it('shows brand and last four digits, never the method id', () => {
    const view = toPaymentsView(authorizing('order'), new Date('2026-01-01T10:00:00Z'));
    expect(view).toEqual({ id: 'o1', status: 'AUTHORIZING', amount: order.total, brand: 'visa', last4: '4242', declineReason: null, attempts: 0, updatedAt: '2026-01-01T10:00:00.000Z' });
  });
});
