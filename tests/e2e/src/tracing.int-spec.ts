import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CartPatterns, CatalogPatterns, OrderPatterns, PaymentsPatterns } from '@bazaar/contracts';
import { checkoutBody, eventually, requireServer } from '@bazaar/shared/testing';
import { getJson, RunningService, startAllServices, stopAllServices } from './support/services';

/** A span as Jaeger's query API (`GET /api/traces/:id`) returns it. */
interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references: { refType: string; traceID: string; spanID: string }[];
  processID: string;
  tags: { key: string; value: unknown }[];
}
interface JaegerTrace {
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string }>;
}

/** One span with what the assertions need: its service, kind and attributes. */
interface Span {
  id: string;
  parentId?: string;
  name: string;
  service: string;
  kind: string;
  attributes: Record<string, unknown>;
}

function spansOf(trace: JaegerTrace): Span[] {
  return trace.spans.map((span) => {
    const attributes = Object.fromEntries(span.tags.map(({ key, value }) => [key, value]));
    return {
      id: span.spanID,
      parentId: span.references.find((ref) => ref.refType === 'CHILD_OF')?.spanID,
      name: span.operationName,
      service: trace.processes[span.processID].serviceName,
      kind: String(attributes['span.kind'] ?? 'internal'),
      attributes,
    };
  });
}

/** Spans whose parent is not in the trace, as `service: name`. */
function orphans(spans: Span[]): string[] {
  const ids = new Set(spans.map((s) => s.id));
  return spans.filter((s) => s.parentId && !ids.has(s.parentId)).map((s) => `${s.service}: ${s.name}`);
}

const customer = { name: 'Grace Hopper', email: 'grace@example.com', address: { line1: '1 Navy Way', city: 'Arlington', postalCode: '22201', country: 'US' } };

const SERVICES = ['gateway', 'catalog', 'cart', 'order', 'payments'];

// Following one shopper's request across every service is why people open Jaeger: one checkout
// must be one trace, with the Kafka hops as descendants, not as traces of their own.
describe('one checkout is one trace in Jaeger', () => {
  let running: Record<string, RunningService>;
  let jaeger: string;

  beforeAll(async () => {
    await Promise.all([requireServer('mongodb'), requireServer('kafka'), requireServer('redis')]);
    jaeger = await requireServer('jaeger');
    const otlp = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    if (!otlp) throw new Error('OTEL_EXPORTER_OTLP_ENDPOINT is not set: start Jaeger with `npm run infra:up` and export `infra.sh env`');
    running = await startAllServices({ TRACING_ENABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: otlp, OTEL_BSP_SCHEDULE_DELAY: '200', DEPLOYMENT_ENVIRONMENT: 'e2e' });
  }, 90000);
  afterAll(() => stopAllServices(running));

  let spans: Span[];
  let traceId: string;

  it('records a checkout through the gateway as one trace across gateway, catalog, cart, order and payments', async () => {
    const api = `${running.gateway.url}/api`;
    const categories = (await getJson(`${api}/categories`)).body as { id: string }[];
    const product = ((await getJson(`${api}/products?category=${categories[0].id}&limit=20`)).body.items as { id: string; stock: number }[]).find((p) => p.stock > 0);
    const added = await getJson(`${api}/cart/items`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ productId: product?.id, quantity: 1 }) });
    const cookie = added.headers.get('set-cookie')?.split(';')[0] ?? '';
    const placed = await getJson(`${api}/checkout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'idempotency-key': randomUUID() },
      body: JSON.stringify(checkoutBody(customer)),
    });
    expect(placed.status).toBe(202);
    traceId = placed.headers.get('x-trace-id') ?? '';
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);

    // The trace is complete once order has consumed the PaymentAuthorized that answers this checkout
    // and payments' consumer spans of OrderPlaced and StockReserved (one of them is a leaf) are in.
    const last = [
      ['order', 'payments.v1'],
      ['payments', 'orders.v1'],
      ['payments', 'stock.v1'],
    ];
    spans = await eventually(
      async () => {
        const { status, body } = await getJson(`${jaeger}/api/traces/${traceId}`);
        if (status !== 200 || !body?.data?.[0]) return undefined;
        const found = spansOf(body.data[0]);
        const done = last.every(([service, topic]) => found.some((s) => s.service === service && s.kind === 'consumer' && String(s.attributes['messaging.destination.name']).endsWith(topic)));
        // Each service exports on its own schedule: a consumer's span can reach Jaeger before its
        // producer's (e.g. catalog's handling of OrderConfirmed before order's publish of it).
        return done && orphans(found).length === 0 ? found : undefined;
      },
      `trace ${traceId} to reach Jaeger with order's PaymentAuthorized consumer span, payments' consumer spans and every span's parent`,
      60000,
    );
    expect(new Set(spans.map((s) => s.service))).toEqual(new Set(SERVICES));
  }, 120000);

  it('has the HTTP server span and a server span for each service call', () => {
    const http = spans.find((s) => s.service === 'gateway' && s.kind === 'server' && s.attributes['http.request.method'] === 'POST');
    expect(http?.attributes).toMatchObject({ 'http.route': '/api/checkout', 'http.response.status_code': 202 });
    for (const [service, method] of [['payments', PaymentsPatterns.tokenizeCard], ['order', OrderPatterns.checkout], ['cart', CartPatterns.get], ['catalog', CatalogPatterns.getProductSnapshots]]) {
      expect(spans).toContainEqual(expect.objectContaining({ service, kind: 'server', attributes: expect.objectContaining({ 'rpc.method': method }) }));
    }
  });

  it('has MongoDB client spans in order, catalog and payments, and Redis client spans in cart', () => {
    for (const service of ['order', 'catalog', 'payments']) {
      expect(spans).toContainEqual(expect.objectContaining({ service, kind: 'client', attributes: expect.objectContaining({ 'db.system.name': 'mongodb' }) }));
    }
    expect(spans).toContainEqual(expect.objectContaining({ service: 'cart', kind: 'client', attributes: expect.objectContaining({ 'db.system.name': 'redis' }) }));
  });

  const byId = () => new Map(spans.map((s) => [s.id, s]));
  const descendsFrom = (span: Span | undefined, ancestor: Span | undefined) => {
    const ids = byId();
    for (let at = span?.parentId ? ids.get(span.parentId) : undefined; at; at = at.parentId ? ids.get(at.parentId) : undefined) if (at.id === ancestor?.id) return true;
    return false;
  };
  const onTopic = (s: Span, topic: string) => s.attributes['messaging.system'] === 'kafka' && String(s.attributes['messaging.destination.name']).endsWith(topic);
  // The relay publishes each event in an "outbox publish" span of its own, so the producer span
  // of OrderPlaced (and not of the OrderConfirmed that follows on the same topic) is its child.
  const relayed = (type: string) => spans.find((s) => s.name === 'outbox publish' && s.attributes['bazaar.event.type'] === type);
  const producerOf = (service: string, topic: string, type: string) =>
    spans.find((s) => s.service === service && s.kind === 'producer' && onTopic(s, topic) && s.parentId === relayed(type)?.id);

  it('has the OrderPlaced producer span, and the consumers in catalog, cart, payments and order as its descendants, with the StockReserved hop back', () => {
    const orderPlaced = producerOf('order', 'orders.v1', 'OrderPlaced.v1');
    expect(orderPlaced).toBeDefined();
    const orderPlacedConsumers = spans.filter((s) => s.kind === 'consumer' && s.parentId === orderPlaced?.id);
    expect(new Set(orderPlacedConsumers.map((s) => s.service))).toEqual(new Set(['catalog', 'cart', 'payments']));
    for (const consumer of orderPlacedConsumers) expect(descendsFrom(consumer, orderPlaced as Span)).toBe(true);

    for (const consumer of orderPlacedConsumers) expect(onTopic(consumer, 'orders.v1')).toBe(true);

    const stockReserved = producerOf('catalog', 'stock.v1', 'StockReserved.v1');
    expect(descendsFrom(stockReserved, orderPlaced)).toBe(true);
    const stockConsumers = spans.filter((s) => s.kind === 'consumer' && onTopic(s, 'stock.v1'));
    expect(stockConsumers.map((s) => s.service)).toContain('payments');
    for (const consumer of stockConsumers) expect({ service: consumer.service, descends: descendsFrom(consumer, stockReserved) }).toEqual({ service: consumer.service, descends: true });
    expect(spans).toContainEqual(expect.objectContaining({ service: 'catalog', name: 'reserve stock' }));
  });

  it('has the PaymentAuthorized producer span in payments, after OrderPlaced, and order consuming it', () => {
    const authorized = producerOf('payments', 'payments.v1', 'PaymentAuthorized.v1');
    expect(authorized).toBeDefined();
    // Whichever of OrderPlaced and StockReserved reaches payments second starts the authorization:
    // either way it descends from OrderPlaced.
    expect(descendsFrom(authorized, producerOf('order', 'orders.v1', 'OrderPlaced.v1'))).toBe(true);
    const consumers = spans.filter((s) => s.kind === 'consumer' && s.parentId === authorized?.id);
    expect(consumers.map((s) => s.service)).toContain('order');
    expect(spans.filter((s) => s.service === 'order' && s.kind === 'consumer' && onTopic(s, 'payments.v1')).every((s) => descendsFrom(s, authorized))).toBe(true);
  });

  it('has no orphan span: every parent is in the trace', () => {
    expect(orphans(spans)).toEqual([]);
    expect(spans.filter((s) => !s.parentId)).toHaveLength(1);
  });

  it("writes the trace id and span id on the request's log lines", () => {
    const linesWithTrace = (service: string) => readFileSync(running[service].logFile, 'utf8').split('\n').filter((line) => line.includes(traceId));
    const gateway = linesWithTrace('gateway').map((line) => JSON.parse(line));
    expect(gateway).toContainEqual(expect.objectContaining({ req: expect.objectContaining({ url: '/api/checkout' }), trace_id: traceId }));
    for (const service of SERVICES) {
      for (const line of linesWithTrace(service)) expect(JSON.parse(line)).toMatchObject({ trace_id: traceId, span_id: expect.stringMatching(/^[0-9a-f]{16}$/) });
    }
  });
});
