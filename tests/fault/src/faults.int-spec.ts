import { z } from 'zod';
import { createEvent, defineEvent, ORDERS_TOPIC, PAYMENTS_TOPIC, STOCK_TOPIC, TEST_CARDS } from '@bazaar/contracts';
import { eventually, requireServer, workspaceRoot } from '@bazaar/shared/testing';
import { FaultStack, Instance, PENDING_TIMEOUT_MS } from './support/fault-stack';
import { FaultRow, invariantColumns, tablePath, writeTable } from './support/fault-table';
import { CATALOG_KILLED_BOUND_MS, FaultRunner, FaultSpec, productsNeeded, sleep, withMongo } from './support/fault-run';
import { producePoison } from './support/kafka-tools';
import { privateServers, startPrivate, startPrivateServers, stopPrivate, stopPrivateServers } from './support/private-servers';

/** Stop a private server, keep it down for `ms`, start it again. */
const outage = (server: 'ferretdb' | 'redis' | 'kafka', ms: number) => async () => {
  await stopPrivate(server);
  await sleep(ms);
  await startPrivate(server);
};

const sigkill =
  (instance: Instance, downMs = 0) =>
  async ({ stack }: { stack: FaultStack }) => {
    await stack.kill(instance);
    await sleep(downMs);
    await stack.start(instance);
  };

/** Bytes on a topic that no contract allows: not JSON, JSON but no envelope, a valid envelope of an unknown type, a known type with a wrong payload. */
function poisonFor(topic: typeof ORDERS_TOPIC, knownType: string): string[] {
  const mystery = defineEvent({
    name: 'Mystery',
    version: 1,
    topic,
    schema: z.object({ note: z.string() }),
    key: (data) => data.note,
  });
  const unknown = createEvent(mystery, { note: 'fault suite' }, { source: 'fault-suite' });
  return ['{not json', JSON.stringify({ hello: 'world' }), JSON.stringify(unknown), JSON.stringify({ ...unknown, type: knownType })];
}

const faults: FaultSpec[] = [
  {
    name: 'MongoDB-wire server stopped 20 s',
    checkouts: 50,
    triggerShare: 0.6,
    inject: outage('ferretdb', 20000),
  },
  {
    name: 'MongoDB-wire server stopped 60 s',
    checkouts: 50,
    triggerShare: 0.6,
    inject: outage('ferretdb', 60000),
  },
  {
    name: 'Redis stopped 20 s while carts are cleared',
    triggerShare: 0.5,
    inject: outage('redis', 20000),
  },
  { name: 'Kafka stopped 30 s mid-stream', inject: outage('kafka', 30000) },
  { name: 'Kafka restarted mid-publish', inject: outage('kafka', 0) },
  { name: 'SIGKILL catalog mid-stream, restarted', inject: sigkill('catalog'), recoverBoundMs: CATALOG_KILLED_BOUND_MS },
  { name: 'SIGKILL order mid-stream, restarted', inject: sigkill('order') },
  { name: 'SIGKILL cart mid-stream, restarted', inject: sigkill('cart') },
  {
    // Every shopper's card approves and every product has the stock: each order must be CONFIRMED,
    // authorized once (the provider's idempotency key is the order's), whatever payments was doing when killed.
    name: 'SIGKILL payments mid-stream, restarted',
    stockForAll: true,
    expectedOf: () => ({ status: 'CONFIRMED' }),
    inject: sigkill('payments'),
  },
  {
    // Every third shopper's card is refused once the stock is reserved: the fault is the refusal, the
    // compensation (stock released, cart kept) is what is measured.
    name: 'card declined after reservation',
    stockForAll: true,
    cardOf: (i) => (i % 3 === 0 ? TEST_CARDS.insufficientFunds : TEST_CARDS.approves),
    expectedOf: (i) => (i % 3 === 0 ? { status: 'CANCELLED', reasonStartsWith: 'Payment declined' } : { status: 'CONFIRMED' }),
    inject: async () => undefined,
  },
  {
    // The second replica joins while the first reserves (partitions move with work in flight), then leaves again.
    name: 'two catalogs, forced rebalances while reserving',
    productPerShopper: true,
    spacingMs: 150,
    triggerShare: 0.2,
    inject: async ({ stack }) => {
      await stack.start('catalog-2');
      await sleep(4000);
      await stack.stop('catalog-2');
    },
  },
  {
    name: 'poison message on every topic',
    inject: async ({ stack }) => {
      const prefix = stack.env.catalog.KAFKA_TOPIC_PREFIX;
      const records = [
        ...poisonFor(ORDERS_TOPIC, 'OrderPlaced.v1').map((value) => [prefix + ORDERS_TOPIC.topic, value] as const),
        ...poisonFor(STOCK_TOPIC, 'StockReserved.v1').map((value) => [prefix + STOCK_TOPIC.topic, value] as const),
        ...poisonFor(PAYMENTS_TOPIC, 'PaymentAuthorized.v1').map((value) => [prefix + PAYMENTS_TOPIC.topic, value] as const),
      ];
      // Keys 0..5 spread the poison over the partitions.
      await producePoison(
        privateServers.kafkaBrokers,
        records.flatMap(([topic, value]) => [0, 1, 2, 3, 4, 5].map((k) => [topic, `poison-${k}`, value] as [string, string, string])),
      );
    },
  },
  {
    name: `order never answered (catalog down ${(PENDING_TIMEOUT_MS + 5000) / 1000} s > PENDING deadline)`,
    triggerShare: 0.25,
    inject: sigkill('catalog', PENDING_TIMEOUT_MS + 5000),
    recoverBoundMs: CATALOG_KILLED_BOUND_MS,
  },
  {
    // Last: the entry stays in the outbox for good, and whatever it does to the relay must not blur the other rows.
    name: 'unknown event type in an outbox',
    inject: async ({ stack, acceptedOrderIds }) => {
      const entry = {
        id: crypto.randomUUID(),
        type: 'Mystery.v1',
        envelope: { id: 'x', type: 'Mystery.v1', data: {} },
        traceContext: {},
        createdAt: new Date(),
        sentAt: null,
      };
      // Into an order the service no longer writes (final, its outbox sent): this write comes from
      // outside the order service's per-order lock, and FerretDB, unlike MongoDB, can lose one of
      // two concurrent updates of a document, which would undo a transition the saga made.
      const settled = { status: { $in: ['CONFIRMED', 'CANCELLED'] }, outboxPending: false };
      await withMongo(privateServers.mongoUrl, async (client) => {
        const orders = client.db(stack.env.order.MONGO_DB).collection('orders');
        const order = await eventually(
          async () => (await orders.findOne({ _id: { $in: acceptedOrderIds() as never[] }, ...settled })) ?? undefined,
          'an order of this row to settle',
          60_000,
        );
        // As the order repository does: append, flag pending, bump the revision its mark-sent checks.
        await orders.updateOne({ _id: order._id, ...settled }, { $push: { outbox: entry } as never, $set: { outboxPending: true }, $inc: { revision: 1 } });
      });
    },
  },
];

// Each fault while checkouts flow through the gateway, then the same invariants every time.
describe('faults under checkout load (private Kafka, MongoDB wire protocol and Redis)', () => {
  const rows: FaultRow[] = [];
  let stack: FaultStack;
  let runner: FaultRunner;
  let jaegerNote: string;
  const startedAt = Date.now();

  beforeAll(async () => {
    // Jaeger is shared and never stopped by this suite; without it the trace column says it was not checked.
    const jaeger = await requireServer('jaeger').catch(() => undefined);
    const otlpEndpoint = jaeger ? (process.env.OTEL_EXPORTER_OTLP_ENDPOINT ?? 'http://127.0.0.1:4318') : undefined;
    jaegerNote = jaeger ? `traces checked in Jaeger at ${jaeger}` : 'Jaeger is not running: the trace column was NOT checked';
    await startPrivateServers();
    stack = new FaultStack({ otlpEndpoint });
    await stack.startAll();
    runner = new FaultRunner(stack, privateServers.mongoUrl, privateServers.kafkaBrokers, jaeger);
    await runner.loadProducts(faults.reduce((sum, fault) => sum + productsNeeded(fault), 0));
  }, 180000);

  afterAll(async () => {
    const table = writeTable(rows, `Fault suite, ${new Date().toISOString()}, ${Math.round((Date.now() - startedAt) / 1000)} s. ${jaegerNote}. Service logs: tmp/fault/logs/.`);
    console.log(`${table}\n(written to ${tablePath.replace(`${workspaceRoot}/`, '')})`);
    await stack?.stopAll();
    await stopPrivateServers();
  }, 120000);

  it.each(faults.map((fault) => [fault.name, fault] as const))(
    '%s',
    async (_name, fault) => {
      // Quiescence first: a service the previous fault left unready is restarted (and that fault's row says so).
      // Each row must be the fault's own: a stack the previous fault left unrecovered (an order never
      // final, a service never ready again) is restarted first, and that fault's row says so.
      const previous = rows.at(-1);
      const stuck = await stack.unready(30000);
      if (previous && (previous.recoverMs === undefined || stuck.length > 0)) {
        await stack.restartAll();
        previous.notes += `; did not recover${stuck.length ? ` (${stuck.join(', ')} not ready)` : ''}: every service restarted before the next fault`;
      }
      const row = await runner.run(fault);
      rows.push(row);
      expect(Object.fromEntries(invariantColumns.map((column) => [column, row[column]]))).toEqual(Object.fromEntries(invariantColumns.map((column) => [column, 0])));
      expect(row.injectionError).toBeUndefined();
      expect(row.checkError).toBeUndefined();
      expect(row.unexpected).toEqual([]);
      // A row whose checkouts were all refused measured nothing: its zeros would pass for a success.
      expect(row.refusals).toEqual([]);
      expect(row.placed).toBeGreaterThan(0);
      expect(row.trace).not.toMatch(/^MISSING/);
    },
    300000,
  );
});
