import { DecodedSpan, SpanKind } from '../processes/otlp-spans';
import { checkoutShare, CheckoutShare, clipTo, coveredMs, databaseCallsPerCheckout, otherWorkOf, shareFigures, subtract, tracesOf, unionOf, untracedDatabaseSpans } from './checkout-share';

let ids = 0;
/** A span of trace "t" unless told: [service, name, start, end], parent and attributes optional. */
function span(service: string, name: string, startMs: number, endMs: number, more: Partial<DecodedSpan> = {}): DecodedSpan {
  return { traceId: 't', spanId: `s${++ids}`, service, name, kind: SpanKind.INTERNAL, startMs, endMs, attributes: {}, ...more };
}
const db = { 'db.system.name': 'mongodb' };

describe('interval arithmetic', () => {
  it('merges overlapping and touching intervals and drops empty ones', () => {
    expect(
      unionOf([
        { startMs: 5, endMs: 8 },
        { startMs: 0, endMs: 2 },
        { startMs: 1, endMs: 3 },
        { startMs: 3, endMs: 4 },
        { startMs: 9, endMs: 9 },
      ]),
    ).toEqual([
      { startMs: 0, endMs: 4 },
      { startMs: 5, endMs: 8 },
    ]);
  });

  it('counts time covered twice once', () => {
    expect(coveredMs([{ startMs: 0, endMs: 10 }, { startMs: 2, endMs: 4 }, { startMs: 8, endMs: 12 }])).toBe(12);
    expect(coveredMs([])).toBe(0);
  });

  it('subtracts holes, whole or in part', () => {
    expect(subtract([{ startMs: 0, endMs: 10 }, { startMs: 20, endMs: 30 }], [{ startMs: 2, endMs: 4 }, { startMs: 3, endMs: 5 }, { startMs: 8, endMs: 22 }, { startMs: 40, endMs: 50 }])).toEqual([
      { startMs: 0, endMs: 2 },
      { startMs: 5, endMs: 8 },
      { startMs: 22, endMs: 30 },
    ]);
  });

  it('clips to a window', () => {
    expect(clipTo([{ startMs: 0, endMs: 5 }, { startMs: 6, endMs: 20 }, { startMs: 30, endMs: 40 }], { startMs: 2, endMs: 10 })).toEqual([
      { startMs: 2, endMs: 5 },
      { startMs: 6, endMs: 10 },
    ]);
  });
});

/**
 * A two-service checkout: the gateway request (0–30) writes the order (10–20, with a nested driver
 * call 12–18); order's relay publishes OrderPlaced at 40 (send 40–45), catalog consumes at 50 and
 * writes 55–65, its relay publishes the final event at 80 (send 80–84), observed at 90.
 */
function checkoutTrace() {
  const root = span('gateway', 'POST /api/checkout', 0, 30);
  const write = span('order', 'save orders', 10, 20, { parentSpanId: root.spanId, attributes: db });
  const driver = span('order', 'mongodb insert', 12, 18, { parentSpanId: write.spanId, attributes: db });
  const handler = span('order', 'place', 5, 28, { parentSpanId: root.spanId });
  const placed = span('order', 'outbox publish', 40, 46, { parentSpanId: root.spanId, attributes: { 'bazaar.outbox': 'order', 'bazaar.event.type': 'OrderPlaced.v1' } });
  const placedSend = span('order', 'send orders', 40, 45, { parentSpanId: placed.spanId, kind: SpanKind.PRODUCER });
  const consume = span('catalog', 'process orders', 50, 70, { parentSpanId: placedSend.spanId, kind: SpanKind.CONSUMER, attributes: { 'messaging.destination.name': 'orders' } });
  const reserve = span('catalog', 'updateOne products', 55, 65, { parentSpanId: consume.spanId, attributes: db });
  const final = span('catalog', 'outbox publish', 80, 85, { parentSpanId: consume.spanId, attributes: { 'bazaar.outbox': 'catalog', 'bazaar.event.type': 'Final.v1' } });
  const finalSend = span('catalog', 'send stock', 80, 84, { parentSpanId: final.spanId, kind: SpanKind.PRODUCER });
  return [root, write, driver, handler, placed, placedSend, consume, reserve, final, finalSend];
}

describe('checkoutShare', () => {
  it('splits a checkout into database, Kafka and platform time, overlaps counted once', () => {
    // Database 10–20 and 55–65; Kafka 40–50 and 80–90; the rest of 0–90 is the platform's: 50 ms,
    // of which 28–40 (order's handler ended) and 70–80 (catalog) wait for a relay.
    expect(checkoutShare(checkoutTrace(), { finalEventType: 'Final.v1', observedAtMs: 90 })).toEqual({
      totalMs: 90,
      databaseMs: 20,
      kafkaMs: 20,
      platformMs: 50,
      relayWaitMs: 22,
      queuedMs: 0,
      databaseByService: { order: 10, catalog: 10 },
      longestPlatformGap: { ms: 20, after: 'order: save orders', before: 'order: outbox publish' },
    });
  });

  it('leaves out Kafka waits of consumers off the path of the final event', () => {
    const trace = checkoutTrace();
    const placedSend = trace[5];
    trace.push(span('cart', 'process orders', 75, 76, { parentSpanId: placedSend.spanId, kind: SpanKind.CONSUMER }));
    expect(checkoutShare(trace, { finalEventType: 'Final.v1', observedAtMs: 90 })).toMatchObject({ kafkaMs: 20, platformMs: 50 });
  });

  it('counts the time an event waits in its consumer behind another message as what that message was doing, not as Kafka', () => {
    // Catalog's consumer handles another order's message 38–47 (a database call 42–46 in it) while
    // this OrderPlaced (sent at 40) waits: Kafka keeps 47–50 of that hop. Payments' consumer is another.
    const ahead = span('catalog', 'process orders', 38, 47, { traceId: 'other', kind: SpanKind.CONSUMER, attributes: { 'messaging.destination.name': 'orders' } });
    const aheadWrite = span('catalog', 'updateOne products', 42, 46, { traceId: 'other', parentSpanId: ahead.spanId, attributes: db });
    const elsewhere = span('payments', 'process orders', 30, 50, { traceId: 'other', kind: SpanKind.CONSUMER, attributes: { 'messaging.destination.name': 'orders' } });
    const trace = checkoutTrace();
    const others = otherWorkOf([...trace, ahead, aheadWrite, elsewhere]);
    expect(checkoutShare(trace, { finalEventType: 'Final.v1', observedAtMs: 90, others })).toMatchObject({ totalMs: 90, databaseMs: 24, kafkaMs: 13, platformMs: 53, queuedMs: 7 });
  });

  it('counts a message of another topic ahead in the same service as queueing too (one consumer per service)', () => {
    const ahead = span('catalog', 'process products', 38, 47, { traceId: 'other', kind: SpanKind.CONSUMER, attributes: { 'messaging.destination.name': 'products' } });
    const trace = checkoutTrace();
    expect(checkoutShare(trace, { finalEventType: 'Final.v1', observedAtMs: 90, others: otherWorkOf([...trace, ahead]) })).toMatchObject({ kafkaMs: 13, queuedMs: 7 });
  });

  it('ends when Kafka acknowledged the final event when nobody observed it', () => {
    expect(checkoutShare(checkoutTrace(), { finalEventType: 'Final.v1' })).toMatchObject({ totalMs: 84, kafkaMs: 14 });
  });

  it('counts a relay database call outside the trace as database time where it overlaps a relay wait of its service', () => {
    const relayRead = span('catalog', 'find stock_reservations', 72, 76, { traceId: 'other', attributes: db });
    const elsewhere = span('order', 'find orders', 72, 76, { traceId: 'other2', attributes: db });
    const outsideWait = span('catalog', 'find stock_reservations', 66, 68, { traceId: 'other3', attributes: db });
    const others = otherWorkOf([relayRead, elsewhere, outsideWait]);
    expect(checkoutShare(checkoutTrace(), { finalEventType: 'Final.v1', observedAtMs: 90, others })).toEqual({
      totalMs: 90,
      databaseMs: 24,
      kafkaMs: 20,
      platformMs: 46,
      relayWaitMs: 18,
      queuedMs: 0,
      databaseByService: { order: 10, catalog: 14 },
      longestPlatformGap: { ms: 20, after: 'order: save orders', before: 'order: outbox publish' },
    });
  });

  it('counts a database call on one branch as database time, not Kafka time, while the other branch waits for Kafka', () => {
    const trace = checkoutTrace();
    trace.push(span('catalog', 'findOne processed', 42, 48, { parentSpanId: trace[0].spanId, attributes: db }));
    expect(checkoutShare(trace, { finalEventType: 'Final.v1', observedAtMs: 90 })).toMatchObject({ databaseMs: 26, kafkaMs: 14, platformMs: 50 });
  });

  it('gives nothing for a trace that never reached the final event', () => {
    expect(checkoutShare(checkoutTrace().slice(0, 8), { finalEventType: 'Final.v1' })).toBeUndefined();
  });
});

describe('grouping and figures', () => {
  it('groups spans by trace and keeps only root database spans as untraced', () => {
    const [root, write, , , , , , reserve] = checkoutTrace();
    const loose = span('order', 'find orders', 1, 2, { traceId: 'u', attributes: db });
    expect([...tracesOf([root, write, loose]).keys()]).toEqual(['t', 'u']);
    expect(untracedDatabaseSpans([root, write, reserve, loose])).toEqual(new Map([['order', [loose]]]));
  });

  it('reports p50 and p99 of each share', () => {
    const shares = Array.from({ length: 100 }, (_, i): CheckoutShare => ({ totalMs: i + 1, databaseMs: 1, kafkaMs: 1, platformMs: i - 1, relayWaitMs: 0, queuedMs: 0, databaseByService: i < 60 ? { order: 1 } : { catalog: 1 } }));
    expect(shareFigures(shares)).toMatchObject({
      checkouts: 100,
      totalMs: { p50Ms: 50, p99Ms: 99 },
      platformMs: { p50Ms: 48, p99Ms: 97 },
      databaseByServiceP50Ms: { order: 1, catalog: 0 },
      worstPlatform: shares[99],
    });
    expect(shareFigures([])).toBeUndefined();
  });
});

describe('databaseCallsPerCheckout', () => {
  it('counts driver calls per checkout by service, reads and writes apart, leaving out the mongoose spans around them', () => {
    const driver = (service: string, operation: string) => span(service, `mongodb ${operation} c`, 0, 1, { attributes: { ...db, 'db.operation.name': operation } });
    const spans = [driver('order', 'findOne'), driver('order', 'insertOne'), driver('order', 'updateOne'), driver('catalog', 'findOne'), span('order', 'save orders', 0, 1, { attributes: db })];
    expect(databaseCallsPerCheckout(spans, 2)).toEqual({ order: { reads: 0.5, writes: 1 }, catalog: { reads: 0.5, writes: 0 } });
  });
});
