import { randomUUID } from 'node:crypto';
import { MongoClient, ObjectId } from 'mongodb';
import { checkoutBody, checkoutRetrying, getJson, Shopper, shopperOf, StoreResponse } from '@bazaar/shared/testing';
import { PAYMENTS_TOPIC, TEST_CARDS } from '@bazaar/contracts';
import { FaultStack } from './fault-stack';
import { FaultRow, invariantColumns } from './fault-table';
import { checkFaultedTrace, errorTracesBetween } from './jaeger-trace';
import { readTopic } from './kafka-tools';

const customer = {
  name: 'Margaret Hamilton',
  email: 'margaret@example.com',
  address: {
    line1: '1 Apollo Road',
    city: 'Boston',
    postalCode: '02139',
    country: 'US',
  },
};
const FINAL = ['CONFIRMED', 'CANCELLED'];

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Line {
  productId: string;
  quantity: number;
}

interface OrderDoc {
  _id: string;
  idempotencyKey?: string;
  cartId?: string;
  status: string;
  cancelReason?: string | null;
  lines: Line[];
}

/** One shopper's one checkout intent: what they put in the cart, the key they check out with, what they were told. */
export interface Intent {
  shopper: Shopper;
  key: string;
  lines: Line[];
  answer?: StoreResponse;
  attempts: { at: number; status: number; traceId?: string }[];
}

/**
 * A client of its own for each use: one kept across an outage could be left as stuck as a
 * service's, and then the suite would measure its own client instead of the services.
 */
export async function withMongo<T>(url: string, use: (client: MongoClient) => Promise<T>): Promise<T> {
  const client = await new MongoClient(url, {
    serverSelectionTimeoutMS: 3000,
    connectTimeoutMS: 3000,
    socketTimeoutMS: 10000,
  }).connect();
  try {
    return await use(client);
  } finally {
    await client.close().catch(() => undefined);
  }
}

export interface FaultContext {
  stack: FaultStack;
  intents: Intent[];
  /** Ids of the orders accepted (202) so far. */
  acceptedOrderIds(): string[];
}

export interface FaultSpec {
  name: string;
  /** Shoppers, each with one checkout. */
  checkouts?: number;
  /** Checkouts start this far apart, so the fault lands mid-stream. */
  spacingMs?: number;
  /** The fault starts once this share of the checkouts has been accepted. */
  triggerShare?: number;
  /** The card shopper `i` pays with (TEST_CARDS.approves by default). */
  cardOf?: (i: number) => string;
  /** The scarce product has stock for every shopper: no order is cancelled for want of stock. */
  stockForAll?: boolean;
  /** What shopper `i`'s order must end as, when the row knows it: its status and how its cancel reason starts. */
  expectedOf?: (i: number) => { status: 'CONFIRMED' | 'CANCELLED'; reasonStartsWith?: string } | undefined;
  /** Injects the fault; resolves once it is over (the server or service is back). */
  inject(context: FaultContext): Promise<void>;
  /** How long after the fault's end the invariants may take to hold. */
  recoverBoundMs?: number;
  /**
   * Each shopper buys one product of its own (every fourth has none in stock, so some orders are
   * cancelled). For faults with two catalog processes: FerretDB applies an update as read-modify-write
   * without isolation, so two processes updating one product lose updates whatever the code does
   * (docs/reliability.md); with a product per order, the row shows what rests on the claim (an
   * insert, atomic on any server) and not what rests on MongoDB's atomic updates.
   */
  productPerShopper?: boolean;
}

/**
 * How long after a fault's end the stack may take to settle, from the longest waits its own
 * mechanisms add: an outbox relay backs off up to 30 s while Kafka or its database is down
 * (`maxBackoffMs` of the messaging lib's relay; a fault can end with no new event to nudge it
 * awake), and a killed consumer's partitions wait out the stack's shorter Kafka session timeout,
 * TEST_KAFKA_SESSION_TIMEOUT_MS); then the backlog is worked off on a shared 2-core machine (30 s).
 */
export const RECOVER_BOUND_MS = 30_000 + 30_000;

/**
 * After catalog is killed: a stock claim the killed process held in progress is taken over only
 * once its lease (catalog's 60 s `DEFAULT_CLAIM_LEASE_MS`) has run out, since a new process cannot
 * tell a dead claimant from a slow one; until then the order's release waits. Lease + 30 s.
 */
export const CATALOG_KILLED_BOUND_MS = 60_000 + 30_000;

/** Products a run takes from the catalog: three shared, or one per shopper. */
export const productsNeeded = (spec: FaultSpec) => (spec.productPerShopper ? (spec.checkouts ?? 30) : 3);

type Measure = Pick<FaultRow, 'placed' | 'final' | (typeof invariantColumns)[number]> & {
  statuses: Record<string, number>;
  /** Every order of the run's intents, with its intent's index. */
  orders: { intent: number; order: OrderDoc }[];
  notReady: string[];
  /** Each drifted product: its stock before, now and the quantity confirmed orders took. */
  drifted: string[];
  error?: string;
};

interface Authorizations {
  /** Orders of the run with at least one PaymentAuthorized. */
  orders: number;
  /** Orders with more than one, and how many. */
  twice: string[];
  /** Order ids CONFIRMED without any: confirmed unpaid. */
  confirmedUnpaid: string[];
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** The final orders that end otherwise than the row says they must. */
function unexpectedOutcomes(spec: FaultSpec, m: Measure): string[] {
  if (!spec.expectedOf) return [];
  return m.orders.flatMap(({ intent, order }) => {
    const expected = spec.expectedOf?.(intent);
    if (!expected || !FINAL.includes(order.status)) return [];
    const reasonOk = !expected.reasonStartsWith || (order.cancelReason ?? '').startsWith(expected.reasonStartsWith);
    return order.status === expected.status && reasonOk ? [] : [`order …${order._id.slice(-6)} ${order.status}${order.cancelReason ? ` (${order.cancelReason})` : ''}, expected ${expected.status}`];
  });
}

const flowing = (m: Measure) => !m.error && m.notReady.length === 0 && m.lost === 0;
const holds = (m: Measure) => flowing(m) && invariantColumns.every((column) => m[column] === 0);

/**
 * Runs one fault against shoppers whose every line and stock figure is known, then computes the
 * invariants from the catalog and order databases and each shopper's cart (through the gateway).
 */
export class FaultRunner {
  private products: string[] = [];

  constructor(
    private readonly stack: FaultStack,
    private readonly mongoUrl: string,
    private readonly kafkaBrokers: string,
    private readonly jaegerUrl: string | undefined,
  ) {}

  /** Products no other fault touches: each fault takes three of its own. */
  async loadProducts(needed: number): Promise<void> {
    for (const { id } of (await getJson(`${this.stack.api}/categories`)).body as { id: string }[]) {
      this.products.push(...((await getJson(`${this.stack.api}/products?category=${id}&limit=100`)).body.items as { id: string }[]).map((p) => p.id));
      if (this.products.length >= needed) return;
    }
    throw new Error(`the catalog has fewer than ${needed} products`);
  }

  private take(count: number): string[] {
    if (this.products.length < count) throw new Error('out of products for the faults');
    return this.products.splice(0, count);
  }

  private async setStock(productId: string, stock: number): Promise<void> {
    await withMongo(this.mongoUrl, (client) =>
      client
        .db(this.stack.env.catalog.MONGO_DB)
        .collection('products')
        .updateOne({ _id: new ObjectId(productId) }, { $set: { stock } }),
    );
  }

  /** Three products every shopper shares; the scarce one serves half the shoppers but has stock for a quarter (unless `stockForAll`). */
  private sharedProducts(n: number, stockForAll: boolean) {
    const [plenty, plentyToo, scarce] = this.take(3);
    const before = new Map([
      [plenty, 10 * n],
      [plentyToo, 10 * n],
      [scarce, stockForAll ? n : Math.ceil(n / 4)],
    ]);
    const linesOf = (i: number) => [{ productId: plenty, quantity: 1 }, i % 2 ? { productId: plentyToo, quantity: 2 } : { productId: scarce, quantity: 1 }];
    return { before, linesOf };
  }

  /** Every fourth shopper's product sells out after it is in the cart, so those orders are cancelled. */
  private productPerShopper(n: number) {
    const own = this.take(n);
    const before = new Map(own.map((id, i) => [id, i % 4 === 0 ? 0 : 1]));
    const linesOf = (i: number) => [{ productId: own[i], quantity: 1 }];
    return { before, linesOf };
  }

  async run(spec: FaultSpec): Promise<FaultRow> {
    const n = spec.checkouts ?? 30;
    const { before, linesOf } = spec.productPerShopper ? this.productPerShopper(n) : this.sharedProducts(n, spec.stockForAll ?? false);
    // Every product in stock while the carts are filled (a cart refuses a product it sees sold out), then the fault's stock.
    for (const id of before.keys()) await this.setStock(id, Math.max(1, before.get(id) ?? 0));
    const intents: Intent[] = Array.from({ length: n }, (_, i) => ({
      shopper: shopperOf(this.stack.api, { unreachableAsStatus0: true }),
      key: randomUUID(),
      lines: linesOf(i),
      attempts: [],
    }));
    for (let i = 0; i < n; i += 10) {
      await Promise.all(
        intents.slice(i, i + 10).map(async ({ shopper, lines }) => {
          for (const line of lines) {
            const added = await shopper('POST', '/cart/items', line);
            if (added.status !== 201) throw new Error(`setup: adding to a cart answered ${added.status} ${JSON.stringify(added.body)}`);
          }
        }),
      );
    }

    for (const [id, stock] of before) await this.setStock(id, stock);

    const accepted = () => intents.filter((intent) => intent.answer?.status === 202).map((intent) => intent.answer?.body.orderId as string);
    const context: FaultContext = {
      stack: this.stack,
      intents,
      acceptedOrderIds: accepted,
    };
    const trigger = Math.max(1, Math.round(n * (spec.triggerShare ?? 1 / 3)));
    let injection: Promise<void> | undefined;
    let faultStart = 0;
    let faultEnd = 0;
    let injectionError: string | undefined;
    const inject = () => {
      if (injection) return;
      faultStart = Date.now();
      injection = spec.inject(context).then(
        () => void (faultEnd = Date.now()),
        (error: Error) => void ((faultEnd = Date.now()), (injectionError = error.message.split('\n').slice(0, 3).join(' '))),
      );
    };
    await Promise.all(
      intents.map(async (intent, i) => {
        await sleep(i * (spec.spacingMs ?? 100));
        intent.answer = await checkoutRetrying(
          intent.shopper,
          checkoutBody(customer, spec.cardOf?.(i) ?? TEST_CARDS.approves),
          {
            key: intent.key,
            onAttempt: (response) =>
              intent.attempts.push({
                at: Date.now(),
                status: response.status,
                traceId: response.headers.get('x-trace-id') ?? undefined,
              }),
          },
        ).catch((error: Error) => ({
          status: -1,
          headers: new Headers(),
          body: { message: error.message },
        }));
        if (accepted().length === trigger) inject();
      }),
    );
    inject();
    await injection;

    const boundMs = spec.recoverBoundMs ?? RECOVER_BOUND_MS;
    const deadline = Math.max(faultEnd + boundMs, Date.now() + 15000);
    let measure = await this.measure(intents, before);
    // Recovered: every order final and every service ready again; the invariants are checked apart.
    let recoveredAt = flowing(measure) ? Date.now() : undefined;
    // Until the invariants hold or the bound: compensations (a release after a cancellation) can
    // still be on their way when every order is final and nothing has changed for a while.
    while (!holds(measure) && Date.now() < deadline) {
      await sleep(1000);
      measure = await this.measure(intents, before);
      if (flowing(measure)) recoveredAt ??= Date.now();
      else recoveredAt = undefined;
    }
    if (measure.lost > 0) measure = await this.measure(intents, before, 'always');
    const unexpected = unexpectedOutcomes(spec, measure);
    let authorized: Authorizations | undefined;
    let checkError: string | undefined;
    try {
      authorized = await this.authorizations(measure.orders.map(({ order }) => order));
    } catch (error) {
      checkError = `PaymentAuthorized NOT counted: ${(error as Error).message.split('\n')[0]}`;
    }
    unexpected.push(...(authorized?.confirmedUnpaid ?? []).map((id) => `order …${id.slice(-6)} CONFIRMED without a PaymentAuthorized`));

    const refused = Object.entries(
      intents
        .filter((intent) => intent.answer?.status !== 202)
        .reduce<Record<string, number>>(
          (counts, intent) => ({
            ...counts,
            [intent.answer?.status ?? 'none']: (counts[intent.answer?.status ?? 'none'] ?? 0) + 1,
          }),
          {},
        ),
    );
    // The client retries "not known to have happened" (503, 504, no answer) and gives up only after
    // many attempts; any other refusal is a checkout the store broke, whatever the fault.
    const refusals = refused.filter(([status]) => !['0', '503', '504'].includes(status)).map(([status, count]) => `${status}×${count}`);
    const notes = [
      Object.entries(measure.statuses)
        .map(([status, count]) => `${count} ${status.toLowerCase()}`)
        .join(', '),
      refused.length ? `not accepted: ${refused.map(([status, count]) => `${status}×${count}`).join(' ')}` : '',
      measure.error ? `last check failed: ${measure.error}` : '',
      measure.notReady.length ? `not ready at the end: ${measure.notReady.join(', ')}` : '',
      measure.drifted.length ? `stock drift: ${measure.drifted.join(', ')}` : '',
      authorized ? `PaymentAuthorized for ${authorized.orders} orders${authorized.twice.length ? `, MORE THAN ONCE for ${authorized.twice.join(', ')}` : ', none twice'}` : '',
      checkError ?? '',
      unexpected.length ? `NOT AS EXPECTED: ${unexpected.slice(0, 5).join(', ')}${unexpected.length > 5 ? ` and ${unexpected.length - 5} more` : ''}` : '',
      injectionError ? `FAULT NOT INJECTED: ${injectionError}` : '',
    ].filter(Boolean);
    return {
      fault: spec.name,
      placed: measure.placed,
      final: measure.final,
      lost: measure.lost,
      duplicated: measure.duplicated + (authorized?.twice.length ?? 0),
      stockDrift: measure.stockDrift,
      cartLinesLost: measure.cartLinesLost,
      recoverMs: recoveredAt === undefined ? undefined : Math.max(0, recoveredAt - faultEnd),
      recoverBoundMs: boundMs,
      trace: await this.traceOf(intents, faultStart, faultEnd),
      notes: notes.join('; '),
      injectionError,
      unexpected,
      refusals,
      checkError,
    };
  }

  /**
   * PaymentAuthorized events on payments' topic, by order: a second one (another event id) for an
   * order is a second authorization, a shopper charged twice; read from the topic, not from
   * payments' database, so it counts what order and the world were told.
   */
  private async authorizations(orders: OrderDoc[]): Promise<Authorizations> {
    const topic = this.stack.env.payments.KAFKA_TOPIC_PREFIX + PAYMENTS_TOPIC.topic;
    const eventIds = new Map<string, Set<string>>();
    for (const value of await readTopic(this.kafkaBrokers, topic)) {
      const event = parseJson(value) as { id?: string; type?: string; data?: { orderId?: string } } | undefined;
      if (event?.type !== 'PaymentAuthorized.v1' || !event.id || !event.data?.orderId) continue;
      eventIds.set(event.data.orderId, (eventIds.get(event.data.orderId) ?? new Set()).add(event.id));
    }
    const mine = orders.map((order) => ({ order, events: eventIds.get(order._id)?.size ?? 0 }));
    return {
      orders: mine.filter(({ events }) => events > 0).length,
      twice: mine.filter(({ events }) => events > 1).map(({ order, events }) => `…${order._id.slice(-6)} (${events})`),
      confirmedUnpaid: mine.filter(({ order, events }) => order.status === 'CONFIRMED' && events === 0).map(({ order }) => order._id),
    };
  }

  /** The invariants now; a failed read (a server still down) is reported, never counted as a pass. */
  /** Carts are read (one request per shopper) once every order is final, or when `carts` says so. */
  private async measure(intents: Intent[], before: Map<string, number>, carts: 'when final' | 'always' = 'when final'): Promise<Measure> {
    const empty: Measure = {
      orders: [],
      placed: 0,
      final: 0,
      lost: 0,
      duplicated: 0,
      stockDrift: 0,
      cartLinesLost: 0,
      statuses: {},
      notReady: await this.stack.notReady(),
      drifted: [],
    };
    try {
      return await withMongo(this.mongoUrl, (client) => this.measureWith(client, intents, before, empty, carts));
    } catch (error) {
      return {
        ...empty,
        lost: intents.length,
        error: (error as Error).message.split('\n')[0],
      };
    }
  }

  private async measureWith(client: MongoClient, intents: Intent[], before: Map<string, number>, empty: Measure, carts: 'when final' | 'always'): Promise<Measure> {
    const ordersOf = await this.ordersByIntent(client, intents);
    const m: Measure = { ...empty, statuses: {}, drifted: [], orders: ordersOf.flatMap((orders, intent) => orders.map((order) => ({ intent, order }))) };
    const confirmed = new Map<string, number>();
    for (const [i, intent] of intents.entries()) {
      const orders = ordersOf[i];
      const acknowledged = intent.answer?.status === 202;
      if (orders.length === 0 && !acknowledged) continue;
      m.placed++;
      m.duplicated += Math.max(0, orders.length - 1);
      if (orders.length > 0 && orders.every((order) => FINAL.includes(order.status))) m.final++;
      else m.lost++;
      for (const order of orders) {
        m.statuses[order.status] = (m.statuses[order.status] ?? 0) + 1;
        if (order.status === 'CONFIRMED') for (const line of order.lines) confirmed.set(line.productId, (confirmed.get(line.productId) ?? 0) + line.quantity);
      }
    }
    const products = await client
      .db(this.stack.env.catalog.MONGO_DB)
      .collection<{ _id: ObjectId; stock: number }>('products')
      .find({
        _id: { $in: [...before.keys()].map((id) => new ObjectId(id)) },
      })
      .toArray();
    for (const [id, stock] of before) {
      const now = products.find((p) => p._id.toHexString() === id)?.stock ?? 0;
      const taken = confirmed.get(id) ?? 0;
      const drift = now + taken - stock;
      m.stockDrift += Math.abs(drift);
      // Negative: stock still held for orders that are not confirmed (a leaked reservation); positive: given back twice.
      if (drift !== 0) m.drifted.push(`product …${id.slice(-6)} ${drift > 0 ? '+' : ''}${drift} (before ${stock}, now ${now}, confirmed ${taken})`);
    }
    if (m.lost > 0 && carts === 'when final') return m;
    // Lines leave a cart only with a CONFIRMED order; every other shopper must still have all of theirs.
    for (const [i, intent] of intents.entries()) {
      if (ordersOf[i].some((order) => order.status === 'CONFIRMED')) continue;
      const cart = await intent.shopper('GET', '/cart');
      if (cart.status !== 200) throw new Error(`GET /cart answered ${cart.status}`);
      const has = new Map((cart.body.lines as Line[]).map((line) => [line.productId, line.quantity]));
      m.cartLinesLost += intent.lines.filter((line) => (has.get(line.productId) ?? 0) < line.quantity).length;
    }
    return m;
  }

  /** Every order of each intent: by its key, by the id it was answered with, and by its cart (any order of the same cart is the same shopper). */
  private async ordersByIntent(client: MongoClient, intents: Intent[]): Promise<OrderDoc[][]> {
    const orders = client.db(this.stack.env.order.MONGO_DB).collection<OrderDoc>('orders');
    const ids = intents.map((intent) => (intent.answer?.status === 202 ? (intent.answer.body.orderId as string) : undefined));
    const first = await orders
      .find({
        $or: [{ idempotencyKey: { $in: intents.map((i) => i.key) } }, { _id: { $in: ids.filter((id): id is string => !!id) } }],
      })
      .toArray();
    const cartOf = intents.map((intent, i) => first.find((order) => order.idempotencyKey === intent.key || order._id === ids[i])?.cartId);
    const byCart = await orders.find({ cartId: { $in: cartOf.filter((id): id is string => !!id) } }).toArray();
    return intents.map((intent, i) => {
      const mine = [...first, ...byCart].filter((order) => order.idempotencyKey === intent.key || order._id === ids[i] || (cartOf[i] && order.cartId === cartOf[i]));
      return [...new Map(mine.map((order) => [order._id, order])).values()];
    });
  }

  /**
   * One faulted checkout's trace: a checkout refused while the fault lasted, or any checkout trace
   * with an error span in the fault's window (an asynchronous failure lands in an accepted one's).
   */
  private async traceOf(intents: Intent[], faultStart: number, faultEnd: number): Promise<string> {
    if (!this.jaegerUrl) return 'not checked (no Jaeger)';
    const windowEnd = faultEnd + 10000;
    const refused = intents.flatMap((intent) => intent.attempts).filter((a) => a.traceId && a.status !== 202 && a.at >= faultStart && a.at <= windowEnd);
    const candidates = [...new Set([...refused.map((a) => a.traceId as string), ...(await errorTracesBetween(this.jaegerUrl, this.stack.environment, faultStart, windowEnd))])].slice(0, 8);
    // Nothing failed: no checkout was refused and no checkout trace has an error span (the fault hit no request in flight).
    if (candidates.length === 0) return refused.length === 0 ? 'no checkout failed during the fault' : `MISSING: ${refused.length} refused checkouts carried no trace id`;
    let last = '';
    for (const traceId of candidates) {
      const checked = await checkFaultedTrace(this.jaegerUrl, traceId);
      if (checked.ok) return `ok (${checked.detail})`;
      last = checked.detail;
    }
    return `MISSING: ${last}`;
  }
}
