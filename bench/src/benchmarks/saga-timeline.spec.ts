import { OrderConfirmed, OrderPlaced, PaymentAuthorized, StockReserved } from '@bazaar/contracts';
import { SagaTimeline } from './saga-timeline';

/** No consumer is started: events are recorded by hand. */
const noKafka = {} as ConstructorParameters<typeof SagaTimeline>[0];
const event = (orderId: string, occurredAt: number) => Buffer.from(JSON.stringify({ occurredAt: new Date(occurredAt).toISOString(), data: { orderId } }));

describe('SagaTimeline.steps', () => {
  const timeline = new SagaTimeline(noKafka, []);
  // order o-1: accepted at 1000; each event decided (occurredAt) then sent (Kafka timestamp).
  timeline.record(OrderPlaced.type, event('o-1', 1000), 1010);
  timeline.record(StockReserved.type, event('o-1', 1050), 1060);
  timeline.record(PaymentAuthorized.type, event('o-1', 1100), 1120);
  timeline.record(OrderConfirmed.type, event('o-1', 1150), 1180);
  timeline.record('StockReleased.v1', event('o-1', 5000), 5000);

  it('splits a confirmed checkout into its steps, payments between the reservation and the confirmation', () => {
    expect(timeline.steps([{ orderId: 'o-1', startedAt: 900, acceptedAt: 1000, observedAt: 1185 }])).toEqual({
      accepted: 100,
      placedSent: 10,
      reserved: 40,
      reservedSent: 10,
      authorized: 40,
      authorizedSent: 20,
      confirmed: 30,
      confirmedSent: 30,
      observed: 5,
    });
  });

  it('times the authorization from whichever of OrderPlaced and StockReserved reached Kafka last', () => {
    const late = new SagaTimeline(noKafka, []);
    late.record(StockReserved.type, event('o-2', 1050), 1060);
    late.record(OrderPlaced.type, event('o-2', 1000), 1080);
    late.record(PaymentAuthorized.type, event('o-2', 1100), 1100);
    late.record(OrderConfirmed.type, event('o-2', 1110), 1110);
    expect(late.steps([{ orderId: 'o-2', startedAt: 0, acceptedAt: 1000, observedAt: 1110 }])?.authorized).toBe(20);
  });

  it('leaves out a checkout one of whose events it has not seen (no payments step yet)', () => {
    const partial = new SagaTimeline(noKafka, []);
    partial.record(OrderPlaced.type, event('o-3', 1000), 1000);
    partial.record(StockReserved.type, event('o-3', 1000), 1000);
    partial.record(OrderConfirmed.type, event('o-3', 1000), 1000);
    expect(partial.steps([{ orderId: 'o-3', startedAt: 0, acceptedAt: 0, observedAt: 0 }])).toBeUndefined();
  });
});
