import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { OrderConfirmed, ORDERS_TOPIC, PAYMENTS_TOPIC, STOCK_TOPIC } from '@bazaar/contracts';
import { BenchContext } from '../bench.context';
import { benchPorts } from '../bench.settings';
import { closedLoop, LatencyFigures } from '../load/closed-loop';
import { round } from '../load/stats';
import { bareKafka } from '../processes/kafka-round-trip';
import { DecodedSpan, SpanKind } from '../processes/otlp-spans';
import { ResultRow } from '../report/result-row';
import { startHelper } from '../stack/helper-process';
import { infraAddress } from '../stack/infra';
import { NodeProcess, workspaceRoot } from '../stack/node-process';
import { runScope, SERVICES, serviceEnv, Stack, startStack, stopStack } from '../stack/services';
import { checkoutShare, CheckoutShare, databaseCallsPerCheckout, otherWorkOf, shareFigures, ShareFigures, tracesOf } from './checkout-share';
import { newTally, outcomeWatcher, shopper } from './checkout-shopper';
import { ensureTopics } from './kafka-outcomes';
import { getJson, productsInStock } from './store-api';

/** The traced stack's ports: a range of their own above the run's (benchPorts ends at base + 50). */
const TRACED_PORT_OFFSET = 100;

export interface TracedCheckoutFigures extends ShareFigures {
  /** Confirmed checkouts in the traced run, of which `checkouts` had a complete trace. */
  confirmed: number;
  /** Of the traced run, as the bench saw it (tracing's own cost included). */
  latency: LatencyFigures;
  /** MongoDB driver calls per confirmed checkout (cart fill and relays included), by service. */
  databaseCalls: Record<string, { reads: number; writes: number }>;
}

/**
 * The checkout on a second stack of its own (all five services, its own databases and topics) with
 * tracing on, every span sampled and exported to the bench's OTLP sink, and a span around each
 * MongoDB driver call too (mongodb-spans.preload.ts); the untraced stack is
 * left idle meanwhile. Each confirmed checkout's trace is split by checkoutShare into database,
 * Kafka and platform time. Undefined when no checkout's trace was complete.
 */
export async function tracedCheckouts(ctx: BenchContext): Promise<TracedCheckoutFigures | undefined> {
  const { settings } = ctx;
  const ports = benchPorts(settings.portBase + TRACED_PORT_OFFSET);
  const scope = { ...runScope(`${ctx.scope.runId}-traced`), topicPrefix: `${ctx.scope.topicPrefix}checkout-traced.` };
  const sinkUrl = `http://127.0.0.1:${ctx.ports.otlpSink}`;
  // A queue large enough that no span is dropped between two exports of a busy service.
  const tracing = { TRACING_ENABLED: 'true', OTEL_TRACES_SAMPLER: 'always_on', OTEL_EXPORTER_OTLP_ENDPOINT: sinkUrl, OTEL_BSP_MAX_QUEUE_SIZE: '65536', OTEL_BSP_SCHEDULE_DELAY: '1000' };
  const env = serviceEnv(ports, scope);
  for (const service of SERVICES) Object.assign(env[service], tracing);
  const kafka = bareKafka('bench-traced', infraAddress('kafka'));
  await ensureTopics(
    kafka,
    [ORDERS_TOPIC, STOCK_TOPIC, PAYMENTS_TOPIC].map(({ topic, numPartitions }) => ({ topic: scope.topicPrefix + topic, numPartitions })),
  );
  const outcomes = outcomeWatcher(kafka, scope.topicPrefix + ORDERS_TOPIC.topic);
  let sink: NodeProcess | undefined;
  let stack: Stack | undefined;
  try {
    sink = await startHelper('otlp-sink', { PORT: `${ctx.ports.otlpSink}`, KEEP_SPANS: 'true' }, 'otlp-sink-checkout');
    // Spans for the driver calls that bypass mongoose (see mongodb-spans.preload.ts).
    const preload = ['--require', join(workspaceRoot, 'dist/bench/mongodb-spans.js')];
    stack = await startStack(env, Object.fromEntries(SERVICES.map((service) => [service, preload])));
    await outcomes.start();
    const api = `${stack.gateway.url}/api`;
    const productIds = (await productsInStock(stack.gateway.url, 20)).map((product) => product.id);
    await closedLoop(settings.checkoutShoppers, settings.warmupSeconds, shopper(api, productIds, outcomes));
    const tally = newTally();
    // As long as all the untraced repetitions together: a p99 needs a few hundred checkouts, not one repetition's.
    const latency = await closedLoop(settings.checkoutShoppers, settings.checkoutSeconds * settings.repetitions, shopper(api, productIds, outcomes, tally));
    // Stopping flushes what the batch span processors still hold.
    await stopStack(stack);
    stack = undefined;
    const spans = await getJson<DecodedSpan[]>(`${sinkUrl}/spans`);
    const figures = shareFigures(sharesOf(spans, tally.confirmed));
    // Warm-up's orders included: every order the traced stack confirmed published OrderConfirmed once.
    const allConfirmed = spans.filter(({ attributes }) => attributes['bazaar.outbox'] !== undefined && attributes['bazaar.event.type'] === OrderConfirmed.type).length;
    return figures && { ...figures, confirmed: tally.confirmed.length, latency, databaseCalls: databaseCallsPerCheckout(spans, allConfirmed) };
  } finally {
    await Promise.allSettled([outcomes.stop(), stack && stopStack(stack), sink?.stop()]);
    await dropDatabases([scope.catalogDb, scope.ordersDb, scope.paymentsDb]);
  }
}

/** Each observed checkout's share, from the trace whose saga events carry its order id as their Kafka key. */
export function sharesOf(spans: readonly DecodedSpan[], checkouts: readonly { orderId: string; observedAt: number }[]): CheckoutShare[] {
  const traces = tracesOf(spans);
  const traceOfKey = new Map<string, string>();
  for (const span of spans) {
    const key = span.attributes['messaging.kafka.message.key'];
    if (span.kind === SpanKind.PRODUCER && typeof key === 'string' && !traceOfKey.has(key)) traceOfKey.set(key, span.traceId);
  }
  const others = otherWorkOf(spans);
  return checkouts.flatMap(({ orderId, observedAt }) => {
    const trace = traces.get(traceOfKey.get(orderId) ?? '');
    const share = trace && checkoutShare(trace, { finalEventType: OrderConfirmed.type, observedAtMs: observedAt, others });
    return share ? [share] : [];
  });
}

async function dropDatabases(names: string[]): Promise<void> {
  const mongo = await MongoClient.connect(infraAddress('ferretdb'), { serverSelectionTimeoutMS: 3000 });
  try {
    await Promise.all(names.map((name) => mongo.db(name).dropDatabase()));
  } finally {
    await mongo.close();
  }
}

/** The platform's share p99 over the bare round trip's p99. */
export const shareRatio = (share: TracedCheckoutFigures, baseline: LatencyFigures) => round(share.platformMs.p99Ms / baseline.p99Ms);

/** The checkout rows of the traced run: the platform's share against the bare round trip, and the split behind it. */
export function shareRows(share: TracedCheckoutFigures, baseline: LatencyFigures, goal: number): ResultRow[] {
  const ratio = shareRatio(share, baseline);
  const split = (pick: 'p50Ms' | 'p99Ms') => [share.totalMs, share.databaseMs, share.kafkaMs, share.platformMs, share.relayWaitMs, share.queuedMs].map((figure) => figure[pick]).join(' / ');
  return [
    {
      benchmark: 'checkout',
      figure: `platform's share p99 ms (traced, time outside database calls and Kafka waits) vs bare round trip p99`,
      bazaar: share.platformMs.p99Ms,
      baseline: baseline.p99Ms,
      ratio,
      goal: `≤ ${goal}×`,
      met: ratio <= goal,
    },
    {
      benchmark: 'checkout',
      figure: `traced checkout p50 ms (${share.checkouts} of ${share.confirmed} confirmed): total / database / Kafka waits / platform / relay waits (in platform) / queued behind other messages (in database or platform)`,
      bazaar: split('p50Ms'),
    },
    { benchmark: 'checkout', figure: 'traced checkout p99 ms, each share on its own: total / database / Kafka waits / platform / relay waits / queued', bazaar: split('p99Ms') },
    {
      benchmark: 'checkout',
      figure: 'traced checkout database time p50 ms by service',
      bazaar: Object.entries(share.databaseByServiceP50Ms)
        .map(([service, ms]) => `${service} ${ms}`)
        .join(', '),
    },
    {
      benchmark: 'checkout',
      figure: `traced checkout with the largest platform share: total / database / platform ms, and its longest platform gap`,
      bazaar: worstRow(share.worstPlatform),
    },
    {
      benchmark: 'checkout',
      figure: 'MongoDB calls per checkout (driver level, cart fill and relays included): reads + writes by service',
      bazaar: Object.entries(share.databaseCalls)
        .map(([service, { reads, writes }]) => `${service} ${reads} + ${writes}`)
        .join(', '),
    },
  ];
}

function worstRow({ totalMs, databaseMs, platformMs, longestPlatformGap: gap }: CheckoutShare): string {
  const split = [totalMs, databaseMs, platformMs].map((ms) => round(ms)).join(' / ');
  return gap ? `${split}; ${round(gap.ms)} ms between "${gap.after}" and "${gap.before}"` : split;
}
