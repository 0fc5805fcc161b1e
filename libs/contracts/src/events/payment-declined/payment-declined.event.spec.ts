import { createEvent, EventOf, parseEvent } from '../event-contract';
import { PAYMENTS_TOPIC } from '../topics';
import { PaymentDeclined } from './payment-declined.event';
import exampleJson from './payment-declined.example.json';

// JSON imports widen string unions; the example is checked against the contract below.
const example = exampleJson as EventOf<typeof PaymentDeclined>;

describe('PaymentDeclined.v1', () => {
  it('travels on payments.v1, keyed by orderId', () => {
    expect(PaymentDeclined.topic).toBe(PAYMENTS_TOPIC);
    expect(PaymentDeclined.key(example.data)).toBe(example.data.orderId);
  });

  it('the example in its folder is a valid event', () => {
    expect(parseEvent(PaymentDeclined, example)).toEqual({ ok: true, event: example });
  });

  it('rejects a payload without orderId', () => {
    const event = createEvent(PaymentDeclined, example.data, { source: 'payments' });
    expect(parseEvent(PaymentDeclined, { ...event, data: {} })).toMatchObject({ ok: false, reason: expect.stringContaining('data.orderId') });
  });
});
