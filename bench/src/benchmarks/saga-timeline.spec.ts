import { OrderConfirmed, OrderPlaced, PaymentAuthorized, StockReserved } from '@bazaar/contracts';
import { SagaTimeline } from './saga-timeline';

/** No consumer is started: events are recorded by hand. */
const noKafka = {} as ConstructorParameters<typeof SagaTimeline>[0];

/** A timeline that has read one order's events: [type, decided (occurredAt), sent (Kafka timestamp)]. */
function timelineOf(orderId: string, events: Array<[type: string, occurredAt: number, sentAt: number]>): SagaTimeline {
  const timeline = new SagaTimeline(noKafka, []);
  for (const [type, occurredAt, sentAt] of events) {
    timeline.record(type, Buffer.from(JSON.stringify({ occurredAt: new Date(occurredAt).toISOString(), data: { orderId } })), sentAt);
  }
  return timeline;
}

describe('SagaTimeline.steps', () => {
  it('splits a confirmed checkout into its steps, payments between the reservation and the confirmation', () => {
    const timeline = timelineOf('o-1', [
      [OrderPlaced.type, 1000, 1010],
      [StockReserved.type, 1050, 1060],
      [PaymentAuthorized.type, 1100, 1120],
      [OrderConfirmed.type, 1150, 1180],
      ['StockReleased.v1', 5000, 5000],
    ]);
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
    const timeline = timelineOf('o-2', [
      [StockReserved.type, 1050, 1060],
      [OrderPlaced.type, 1000, 1080],
      [PaymentAuthorized.type, 1100, 1100],
      [OrderConfirmed.type, 1110, 1110],
    ]);
    expect(timeline.steps([{ orderId: 'o-2', startedAt: 0, acceptedAt: 1000, observedAt: 1110 }])?.authorized).toBe(20);
  });

  it('times the relay of OrderPlaced from its decision, also when it reached Kafka before the shopper had the 202', () => {
    const timeline = timelineOf('o-4', [
      [OrderPlaced.type, 950, 960],
      [StockReserved.type, 1050, 1060],
      [PaymentAuthorized.type, 1100, 1100],
      [OrderConfirmed.type, 1110, 1110],
    ]);
    expect(timeline.steps([{ orderId: 'o-4', startedAt: 900, acceptedAt: 1000, observedAt: 1120 }])?.placedSent).toBe(10);
  });

  it('leaves out a checkout one of whose events it has not seen (no payments step yet)', () => {
    const timeline = timelineOf('o-3', [
      [OrderPlaced.type, 1000, 1000],
      [StockReserved.type, 1000, 1000],
      [OrderConfirmed.type, 1000, 1000],
    ]);
    expect(timeline.steps([{ orderId: 'o-3', startedAt: 0, acceptedAt: 0, observedAt: 0 }])).toBeUndefined();
  });
});
