import { percentile, round } from '../load/stats';
import { DecodedSpan, SpanKind } from '../processes/otlp-spans';

/** A stretch of time in epoch ms. */
export interface Interval {
  startMs: number;
  endMs: number;
}

/** Where one checkout's time went, ms; database, Kafka and platform add up to the total. */
export interface CheckoutShare {
  /** The checkout request's first span to OrderConfirmed observed (or acknowledged by Kafka). */
  totalMs: number;
  /** Inside a database call in any service of the trace. */
  databaseMs: number;
  /**
   * Waiting for Kafka and not for a database: on the final event's path, each send to its
   * consumer's start (less the time that consumer was busy with other messages), and the last
   * event to its observer.
   */
  kafkaMs: number;
  /** The rest: the platform's own code (and waits no span covers). */
  platformMs: number;
  /** Part of platformMs: an event in an outbox waiting for its relay to start publishing it. */
  relayWaitMs: number;
  /**
   * Part of databaseMs and platformMs: an event on the path waiting in its consumer behind other
   * messages (a consumer handles one at a time), counted as what that consumer was doing meanwhile.
   */
  queuedMs: number;
  /** Database time of each service on its own (services overlap, so these may add up to more than databaseMs). */
  databaseByService: Record<string, number>;
  /** The longest stretch of the platform's time, between the spans around it: where to look first. */
  longestPlatformGap?: { ms: number; after: string; before: string };
}

type ShareKey = Exclude<keyof CheckoutShare, 'databaseByService' | 'longestPlatformGap'>;

/** Sorted, merged, non-empty intervals covering the same time as `intervals`. */
export function unionOf(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter(({ startMs, endMs }) => endMs > startMs).sort((a, b) => a.startMs - b.startMs);
  const merged: Interval[] = [];
  for (const { startMs, endMs } of sorted) {
    const last = merged.at(-1);
    if (last && startMs <= last.endMs) last.endMs = Math.max(last.endMs, endMs);
    else merged.push({ startMs, endMs });
  }
  return merged;
}

/** Time covered by any of the intervals, overlaps counted once. */
export function coveredMs(intervals: readonly Interval[]): number {
  return unionOf(intervals).reduce((sum, { startMs, endMs }) => sum + endMs - startMs, 0);
}

/** The parts of the intervals inside the window. */
export function clipTo(intervals: readonly Interval[], window: Interval): Interval[] {
  return intervals.map(({ startMs, endMs }) => ({ startMs: Math.max(startMs, window.startMs), endMs: Math.min(endMs, window.endMs) })).filter(({ startMs, endMs }) => endMs > startMs);
}

/** A database client span (mongoose's, or a MongoDB driver's): old and new semantic conventions. */
export const isDatabaseSpan = ({ attributes }: DecodedSpan) => attributes['db.system.name'] !== undefined || attributes['db.system'] !== undefined;

const isOutboxPublish = ({ attributes }: DecodedSpan) => attributes['bazaar.outbox'] !== undefined;

export interface ShareOptions {
  /** The event that ends the checkout, as the outbox publish span names it ('bazaar.event.type'). */
  finalEventType: string;
  /** When the bench saw that event, epoch ms; without it the checkout ends when Kafka acknowledged it. */
  observedAtMs?: number;
  /** What the rest of the run did meanwhile (otherWorkOf over all its spans). */
  others?: OtherWork;
}

/** The run's other work that a checkout can wait on, from all its spans. */
export interface OtherWork {
  /**
   * Database calls made outside any request's trace (each the root of a trace of its own), by
   * service: an outbox relay reads and marks its outbox outside the trace of the events it publishes.
   * Those that overlap a checkout's relay waits in that service count as its database time.
   */
  untracedDatabase: ReadonlyMap<string, readonly DecodedSpan[]>;
  /**
   * Consumer spans by service, each with the database calls under it. Order, catalog and payments
   * each run one consumer for all their topics (one group), and kafkajs hands it one message at a
   * time: a message waits while the service's consumer handles another.
   */
  consumers: ReadonlyMap<string, readonly { span: DecodedSpan; database: readonly DecodedSpan[] }[]>;
}

export function otherWorkOf(spans: readonly DecodedSpan[]): OtherWork {
  const childrenOf = new Map<string, DecodedSpan[]>();
  for (const span of spans) if (span.parentSpanId) groupInto(childrenOf, span.parentSpanId, span);
  const databaseUnder = (span: DecodedSpan): DecodedSpan[] => (childrenOf.get(span.spanId) ?? []).flatMap((child) => [...(isDatabaseSpan(child) ? [child] : []), ...databaseUnder(child)]);
  const consumers = new Map<string, { span: DecodedSpan; database: DecodedSpan[] }[]>();
  for (const span of spans) {
    if (span.kind !== SpanKind.CONSUMER) continue;
    const entry = { span, database: databaseUnder(span) };
    const group = consumers.get(span.service);
    if (group) group.push(entry);
    else consumers.set(span.service, [entry]);
  }
  return { untracedDatabase: untracedDatabaseSpans(spans), consumers };
}

/** The parts of the intervals outside all of `minus`. */
export function subtract(intervals: readonly Interval[], minus: readonly Interval[]): Interval[] {
  const holes = unionOf(minus);
  return intervals.flatMap((interval) => {
    const parts: Interval[] = [];
    let startMs = interval.startMs;
    for (const hole of holes) {
      if (hole.endMs <= startMs || hole.startMs >= interval.endMs) continue;
      if (hole.startMs > startMs) parts.push({ startMs, endMs: hole.startMs });
      startMs = Math.max(startMs, hole.endMs);
    }
    if (startMs < interval.endMs) parts.push({ startMs, endMs: interval.endMs });
    return parts;
  });
}

/**
 * Splits one checkout's trace (every span of it, from all services) into database, Kafka and
 * platform time. Spans overlap (nested calls, the saga's parallel branches), so each share is the
 * union of its intervals over the checkout's window: database calls on any branch of the trace
 * first, then the Kafka hops on the final event's path where no database call runs; the
 * platform's share is the rest. Undefined when the trace does not reach the final event.
 */
export function checkoutShare(trace: readonly DecodedSpan[], { finalEventType, observedAtMs, others = { untracedDatabase: new Map(), consumers: new Map() } }: ShareOptions): CheckoutShare | undefined {
  const byId = new Map(trace.map((span) => [span.spanId, span]));
  const childrenOf = new Map<string, DecodedSpan[]>();
  for (const span of trace) if (span.parentSpanId) groupInto(childrenOf, span.parentSpanId, span);
  const descendants = (span: DecodedSpan): DecodedSpan[] => (childrenOf.get(span.spanId) ?? []).flatMap((child) => [child, ...descendants(child)]);

  const finalPublish = trace.find((span) => isOutboxPublish(span) && span.attributes['bazaar.event.type'] === finalEventType);
  const finalSend = finalPublish && descendants(finalPublish).find((span) => span.kind === SpanKind.PRODUCER);
  if (!finalSend) return undefined;
  const window = { startMs: Math.min(...trace.map((span) => span.startMs)), endMs: Math.max(observedAtMs ?? 0, finalSend.endMs) };

  // Only the hops the final event came through: a consumer of the same event elsewhere (cart reading
  // OrderPlaced, a group with no handler for it) waits in parallel, on no path to the outcome.
  const sends: Interval[] = [{ startMs: finalSend.startMs, endMs: window.endMs }];
  const queued: Interval[] = [];
  const queuedDatabase: (Interval & { service: string })[] = [];
  for (let span: DecodedSpan | undefined = finalSend; span; span = span.parentSpanId ? byId.get(span.parentSpanId) : undefined) {
    const parent = span.parentSpanId ? byId.get(span.parentSpanId) : undefined;
    if (span.kind !== SpanKind.CONSUMER || parent?.kind !== SpanKind.PRODUCER) continue;
    const hop = { startMs: parent.startMs, endMs: span.startMs };
    const consumer = span;
    const ahead = (others.consumers.get(consumer.service) ?? []).filter((other) => other.span.spanId !== consumer.spanId);
    const busy = clipTo(ahead.map((other) => other.span), hop);
    sends.push(...subtract([hop], busy));
    queued.push(...busy);
    queuedDatabase.push(...ahead.flatMap((other) => clipTo(other.database, hop)).map((interval) => ({ ...interval, service: consumer.service })));
  }

  const relayWaits = trace.filter(isOutboxPublish).flatMap((publish) => {
    const own = new Set(descendants(publish));
    const before = trace.filter((span) => span.service === publish.service && span !== publish && !own.has(span) && span.endMs <= publish.startMs);
    return before.length === 0 ? [] : [{ service: publish.service, startMs: Math.max(...before.map((span) => span.endMs)), endMs: publish.startMs }];
  });
  const relayDatabase = relayWaits.flatMap((wait) => clipTo(others.untracedDatabase.get(wait.service) ?? [], wait).map((interval) => ({ ...interval, service: wait.service })));

  const databaseCalls = [...trace.filter(isDatabaseSpan), ...relayDatabase, ...queuedDatabase];
  const database = clipTo(databaseCalls, window);
  const databaseByService: Record<string, number> = {};
  for (const service of new Set(databaseCalls.map((call) => call.service))) {
    databaseByService[service] = coveredMs(clipTo(databaseCalls.filter((call) => call.service === service), window));
  }
  const kafka = clipTo(sends, window);
  const busyMs = coveredMs([...database, ...kafka]);
  const gaps = subtract([window], [...database, ...kafka]).sort((a, b) => b.endMs - b.startMs - (a.endMs - a.startMs));
  const named = (span: DecodedSpan | undefined) => (span ? `${span.service}: ${span.name}` : '(none)');
  const longestPlatformGap = gaps[0] && {
    ms: gaps[0].endMs - gaps[0].startMs,
    after: named(trace.filter((span) => span.endMs <= gaps[0].startMs).sort((a, b) => b.endMs - a.endMs)[0]),
    before: named(trace.filter((span) => span.startMs >= gaps[0].endMs).sort((a, b) => a.startMs - b.startMs)[0]),
  };
  const totalMs = window.endMs - window.startMs;
  const databaseMs = coveredMs(database);
  return {
    totalMs,
    databaseMs,
    kafkaMs: busyMs - databaseMs,
    platformMs: totalMs - busyMs,
    relayWaitMs: coveredMs([...database, ...kafka, ...clipTo(relayWaits, window)]) - busyMs,
    queuedMs: coveredMs(clipTo(queued, window)),
    databaseByService,
    ...(longestPlatformGap ? { longestPlatformGap } : {}),
  };
}

/** Database spans that are the root of their trace (no request's context around them), by service. */
export function untracedDatabaseSpans(spans: readonly DecodedSpan[]): Map<string, DecodedSpan[]> {
  const byService = new Map<string, DecodedSpan[]>();
  for (const span of spans) if (!span.parentSpanId && isDatabaseSpan(span)) groupInto(byService, span.service, span);
  return byService;
}

/** Spans grouped by trace. */
export function tracesOf(spans: readonly DecodedSpan[]): Map<string, DecodedSpan[]> {
  const traces = new Map<string, DecodedSpan[]>();
  for (const span of spans) groupInto(traces, span.traceId, span);
  return traces;
}

function groupInto(groups: Map<string, DecodedSpan[]>, key: string, span: DecodedSpan): void {
  const group = groups.get(key);
  if (group) group.push(span);
  else groups.set(key, [span]);
}

export type ShareFigures = Record<ShareKey, { p50Ms: number; p99Ms: number }> & {
  checkouts: number;
  databaseByServiceP50Ms: Record<string, number>;
  /** The checkout with the largest platform share: its split, and its longest platform gap. */
  worstPlatform: CheckoutShare;
};

/** p50 and p99 of each share over the checkouts, and the p50 of each service's database time. */
export function shareFigures(shares: readonly CheckoutShare[]): ShareFigures | undefined {
  if (shares.length === 0) return undefined;
  const p50 = (values: number[]) => round(percentile(values, 50));
  const of = (key: ShareKey) => ({ p50Ms: p50(shares.map((share) => share[key])), p99Ms: round(percentile(shares.map((share) => share[key]), 99)) });
  const services = new Set(shares.flatMap((share) => Object.keys(share.databaseByService)));
  return {
    checkouts: shares.length,
    totalMs: of('totalMs'),
    databaseMs: of('databaseMs'),
    kafkaMs: of('kafkaMs'),
    platformMs: of('platformMs'),
    relayWaitMs: of('relayWaitMs'),
    queuedMs: of('queuedMs'),
    databaseByServiceP50Ms: Object.fromEntries([...services].map((service) => [service, p50(shares.map((share) => share.databaseByService[service] ?? 0))])),
    worstPlatform: shares.reduce((worst, share) => (share.platformMs > worst.platformMs ? share : worst)),
  };
}

/** Names the spans of mongodb-spans.preload.ts: one per MongoDB driver call, `mongodb <operation> <collection>`. */
export const DRIVER_SPAN_PREFIX = 'mongodb ';

const WRITES = new Set(['insertOne', 'insertMany', 'updateOne', 'updateMany', 'replaceOne', 'deleteOne', 'deleteMany', 'findOneAndUpdate', 'findOneAndReplace', 'findOneAndDelete', 'bulkWrite']);

/** MongoDB driver calls per checkout, by service (traced or not: relays included), reads and writes apart. */
export function databaseCallsPerCheckout(spans: readonly DecodedSpan[], checkouts: number): Record<string, { reads: number; writes: number }> {
  const calls: Record<string, { reads: number; writes: number }> = {};
  for (const span of spans) {
    if (!span.name.startsWith(DRIVER_SPAN_PREFIX) || !isDatabaseSpan(span)) continue;
    calls[span.service] ??= { reads: 0, writes: 0 };
    calls[span.service][WRITES.has(String(span.attributes['db.operation.name'])) ? 'writes' : 'reads']++;
  }
  for (const service of Object.values(calls)) {
    service.reads = round(service.reads / checkouts);
    service.writes = round(service.writes / checkouts);
  }
  return calls;
}
