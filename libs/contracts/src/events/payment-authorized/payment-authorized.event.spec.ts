import { createEvent, EventOf, parseEvent } from '../event-contract';
import { PAYMENTS_TOPIC } from '../topics';
import { PaymentAuthorized } from './payment-authorized.event';
import exampleJson from './payment-authorized.example.json';

// JSON imports widen string unions; the example is checked against the contract below.
const example = exampleJson as EventOf<typeof PaymentAuthorized>;

describe('PaymentAuthorized.v1', () => {
  it('travels on payments.v1, keyed by orderId', () => {
    expect(PaymentAuthorized.topic).toBe(PAYMENTS_TOPIC);
    expect(PaymentAuthorized.key(example.data)).toBe(example.data.orderId);
  });

  it('the example in its folder is a valid event', () => {
    expect(parseEvent(PaymentAuthorized, example)).toEqual({ ok: true, event: example });
  });

  it('rejects a payload without orderId', () => {
    const event = createEvent(PaymentAuthorized, example.data, { source: 'payments' });
    expect(parseEvent(PaymentAuthorized, { ...event, data: {} })).toMatchObject({ ok: false, reason: expect.stringContaining('data.orderId') });
  });
});
