import { parseEvent, PaymentAuthorized, PaymentDeclined } from '@bazaar/contracts';
import { Payment } from '@bazaar/payments/domain';
import { outcomeEvent, outcomeEventId } from './payments-events';

const authorized: Payment = {
  orderId: 'o1',
  status: 'AUTHORIZED',
  amount: { amount: 4598, currency: 'EUR' },
  method: { id: 'pm_sim_approves_1', brand: 'visa', last4: '4242' },
  stockReserved: true,
  attempts: 1,
  declineReason: null,
  declineMessage: null,
  authorizationId: 'auth_1',
};

describe('the events payments publishes', () => {
  it('names an outcome by its order and type: the same outcome stored twice is one event', () => {
    expect(outcomeEventId('o1', PaymentAuthorized.type)).toBe(outcomeEventId('o1', PaymentAuthorized.type));
    expect(outcomeEventId('o1', PaymentAuthorized.type)).not.toBe(outcomeEventId('o2', PaymentAuthorized.type));
    expect(outcomeEventId('o1', PaymentAuthorized.type)).not.toBe(outcomeEventId('o1', PaymentDeclined.type));
    expect(outcomeEventId('o1', PaymentAuthorized.type)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('announces an authorization with brand and last four digits, and a decline with its reason and message, both valid by contract', () => {
    const approved = outcomeEvent(authorized);
    expect(parseEvent(PaymentAuthorized, approved)).toEqual({ ok: true, event: approved });
    expect(approved?.data).toEqual({ orderId: 'o1', authorizationId: 'auth_1', amount: { amount: 4598, currency: 'EUR' }, brand: 'visa', last4: '4242' });

    const declined = outcomeEvent({ ...authorized, status: 'DECLINED', authorizationId: null, declineReason: 'EXPIRED_CARD', declineMessage: 'Payment declined: the card has expired (visa ending 4242)' });
    expect(parseEvent(PaymentDeclined, declined)).toEqual({ ok: true, event: declined });
    expect(declined?.data).toEqual({ orderId: 'o1', reason: 'EXPIRED_CARD', message: 'Payment declined: the card has expired (visa ending 4242)' });
  });

  it('announces nothing for the other states', () => {
    for (const status of ['AWAITING_ORDER', 'AWAITING_STOCK', 'AUTHORIZING', 'VOIDED', 'CANCELLED'] as const) expect(outcomeEvent({ ...authorized, status })).toBeNull();
  });
});
