import { randomUUID } from 'node:crypto';
import { ORDERS_TOPIC, PAYMENTS_TOPIC, STOCK_TOPIC } from '@bazaar/contracts';
import { BenchContext } from '../bench.context';
import { closedLoop, LatencyFigures, medianLatencyFigures } from '../load/closed-loop';
import { median, round } from '../load/stats';
import { bareKafka, bareProducer, roundTripTopics } from '../processes/kafka-round-trip';
import { BenchmarkResult } from '../report/result-row';
import { startHelper } from '../stack/helper-process';
import { NodeProcess } from '../stack/node-process';
import { infraAddress } from '../stack/infra';
import { shareRatio, shareRows, TracedCheckoutFigures, tracedCheckouts } from './checkout-traced';
import { newTally, outcomeWatcher, shopper } from './checkout-shopper';
import { ArrivalWatcher, ensureTopics } from './kafka-outcomes';
import { SagaSteps, SagaTimeline } from './saga-timeline';
import { productsInStock } from './store-api';

export interface CheckoutFigures {
  shoppers: number;
  /** POST /api/checkout (an approving card) until OrderConfirmed (or OrderCancelled) is on the orders topic. */
  bazaar: LatencyFigures & { confirmedPerSecond: number; cancelled: number; acceptedP50Ms: number };
  /** Produce → consume, three times over, with bare kafkajs: two relays, each in a process of its own. */
  baseline: LatencyFigures;
  p99Ratio: number;
  /** Where a confirmed checkout's time goes (medians over the measured orders). */
  steps?: SagaSteps;
  /** The same checkouts on a traced stack, split into database, Kafka and platform time (see checkout-share.ts). */
  share?: TracedCheckoutFigures;
  /** The platform's share p99 over the bare round trip's p99. */
  shareRatio?: number;
}

export const CHECKOUT_P99_GOAL = 3;

/**
 * Checkout to a final order, observed where the saga ends: the OrderConfirmed event on Kafka, after
 * catalog's reservation and payments' authorization. Each
 * shopper fills a fresh cart with one product (not timed), checks out, and waits for the outcome
 * before the next order; so throughput is what a fixed number of shoppers sustain.
 */
export async function checkoutBenchmark(ctx: BenchContext): Promise<BenchmarkResult<CheckoutFigures>> {
  const { settings, scope } = ctx;
  const api = `${ctx.stack.gateway.url}/api`;
  const kafka = bareKafka('bench', infraAddress('kafka'));
  const ordersTopic = scope.topicPrefix + ORDERS_TOPIC.topic;
  const sagaTopics = [ORDERS_TOPIC, STOCK_TOPIC, PAYMENTS_TOPIC].map(({ topic, numPartitions }) => ({ topic: scope.topicPrefix + topic, numPartitions }));
  const roundTrip = roundTripTopics(scope.topicPrefix);
  await ensureTopics(kafka, [...sagaTopics, ...roundTrip.topics.map((topic) => ({ topic, numPartitions: roundTrip.numPartitions }))]);

  const outcomes = outcomeWatcher(kafka, ordersTopic);
  const timeline = new SagaTimeline(kafka, sagaTopics.map(({ topic }) => topic));
  const replies = new ArrivalWatcher<true>(kafka, roundTrip.reply, (_headers, value) => (value ? { key: value.toString('utf8'), value: true } : undefined));
  const relays: NodeProcess[] = [];
  const producer = await bareProducer(kafka);
  try {
    for (const [i, { from, to }] of roundTrip.relays.entries()) {
      relays.push(await startHelper('kafka-relay-baseline', { KAFKA_BROKERS: infraAddress('kafka'), RELAY_FROM: from, RELAY_TO: to }, `kafka-relay-baseline-${i + 1}`));
    }
    await Promise.all([outcomes.start(), replies.start(), timeline.start()]);
    const productIds = (await productsInStock(ctx.stack.gateway.url, 20)).map((product) => product.id);
    const tally = newTally();
    const order = shopper(api, productIds, outcomes, tally);
    const bareRoundTrip = async (): Promise<number> => {
      const id = randomUUID();
      const started = performance.now();
      const arrived = replies.arrival(id);
      await producer.send({ topic: roundTrip.request, acks: -1, messages: [{ key: id, value: id }] });
      await arrived;
      return performance.now() - started;
    };

    await closedLoop(settings.checkoutShoppers, settings.warmupSeconds, order);
    await closedLoop(settings.checkoutShoppers, settings.warmupSeconds, bareRoundTrip);
    const runs = { bazaar: [] as (LatencyFigures & { confirmedPerSecond: number })[], baseline: [] as LatencyFigures[] };
    let cancelled = 0;
    Object.assign(tally, newTally());
    for (let i = 0; i < settings.repetitions; i++) {
      tally.CONFIRMED = tally.CANCELLED = 0;
      const figures = await closedLoop(settings.checkoutShoppers, settings.checkoutSeconds, order);
      runs.bazaar.push({ ...figures, confirmedPerSecond: round((figures.perSecond * tally.CONFIRMED) / figures.completed) });
      cancelled += tally.CANCELLED;
      runs.baseline.push(await closedLoop(settings.checkoutShoppers, settings.checkoutSeconds, bareRoundTrip));
    }
    const bazaar = {
      ...medianLatencyFigures(runs.bazaar),
      confirmedPerSecond: round(median(runs.bazaar.map((run) => run.confirmedPerSecond))),
      cancelled,
      acceptedP50Ms: round(median(tally.accepted)),
    };
    const baseline = medianLatencyFigures(runs.baseline);
    const p99Ratio = round(bazaar.p99Ms / baseline.p99Ms);
    // The last events may still be on their way to the timeline's consumer.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const steps = timeline.steps(tally.confirmed);
    const share = await tracedCheckouts(ctx);
    return {
      name: 'checkout',
      figures: { shoppers: settings.checkoutShoppers, bazaar, baseline, p99Ratio, steps, share, shareRatio: share && shareRatio(share, baseline) },
      rows: [
        { benchmark: 'checkout', figure: 'to final p50 ms', bazaar: bazaar.p50Ms, baseline: baseline.p50Ms, ratio: round(bazaar.p50Ms / baseline.p50Ms) },
        { benchmark: 'checkout', figure: 'to final p99 ms', bazaar: bazaar.p99Ms, baseline: baseline.p99Ms, ratio: p99Ratio, repetitionRatios: runs.bazaar.map((run, i) => round(run.p99Ms / runs.baseline[i].p99Ms)), goal: `≤ ${CHECKOUT_P99_GOAL}×`, met: p99Ratio <= CHECKOUT_P99_GOAL },
        { benchmark: 'checkout', figure: `confirmed orders/s (${settings.checkoutShoppers} shoppers) vs round trips/s`, bazaar: bazaar.confirmedPerSecond, baseline: baseline.perSecond },
        { benchmark: 'checkout', figure: '202 Accepted p50 ms', bazaar: bazaar.acceptedP50Ms },
        ...(steps
          ? [{ benchmark: 'checkout', figure: 'p50 ms per step: accept, relay OrderPlaced, reserve, relay StockReserved, authorize, relay PaymentAuthorized, confirm, relay OrderConfirmed, observe', bazaar: Object.values(steps).join(' / ') }]
          : []),
        ...(share ? shareRows(share, baseline, CHECKOUT_P99_GOAL) : []),
      ],
    };
  } finally {
    await Promise.allSettled([outcomes.stop(), replies.stop(), timeline.stop(), producer.disconnect(), ...relays.map((relay) => relay.stop())]);
  }
}
