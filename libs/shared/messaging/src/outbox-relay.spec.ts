import { Logger } from '@nestjs/common';
import { context, trace } from '@opentelemetry/api';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { createEvent, EventContract, EventEnvelope, EventOf, OrderCancelled, OrderPlaced } from '@bazaar/contracts';
import { captureTraceContext } from '@bazaar/shared/observability';
import { eventually } from '@bazaar/shared/testing';
import { InvalidEventError } from './event-publisher';
import { OutboxRelay, OutboxRelayOptions, OutboxStore, PendingOutbox, SetAsideEvent } from './outbox-relay';

/** In-memory outbox: the relay's contract with storage, counting how often it is swept. */
class FakeOutboxStore implements OutboxStore {
  readonly outboxes = new Map<string, { event: EventEnvelope; traceContext?: Record<string, string>; sentAt: Date | null }[]>();
  sweeps = 0;

  add(aggregateId: string, events: EventEnvelope[], traceContext?: Record<string, string>) {
    this.outboxes.set(aggregateId, [...(this.outboxes.get(aggregateId) ?? []), ...events.map((event) => ({ event, traceContext, sentAt: null }))]);
  }
  async findPending(limit: number): Promise<PendingOutbox[]> {
    this.sweeps++;
    return this.pendingOf([...this.outboxes.keys()]).slice(0, limit);
  }
  async findPendingOf(ids: string[]): Promise<PendingOutbox[]> {
    return this.pendingOf(ids);
  }
  async markSent(aggregateId: string, eventIds: string[], sentAt: Date) {
    for (const entry of this.outboxes.get(aggregateId) ?? []) if (eventIds.includes(entry.event.id)) entry.sentAt = sentAt;
  }
  setAsideEvents: SetAsideEvent[] = [];
  unsent() {
    return [...this.outboxes.values()].flat().filter((e) => !e.sentAt).length;
  }
  private pendingOf(ids: string[]): PendingOutbox[] {
    return ids
      .map((aggregateId) => ({ aggregateId, events: (this.outboxes.get(aggregateId) ?? []).filter((e) => !e.sentAt).map(({ event, traceContext }) => ({ event, traceContext })) }))
      .filter((p) => p.events.length > 0);
  }
}

/** Records set-aside events so that its queries no longer return them, like the services' stores. */
class RecordingOutboxStore extends FakeOutboxStore {
  async setAside(aggregateId: string, events: SetAsideEvent[]) {
    this.setAsideEvents.push(...events);
    const ids = new Set(events.map((e) => e.eventId));
    for (const entry of this.outboxes.get(aggregateId) ?? []) if (ids.has(entry.event.id)) entry.sentAt = new Date(0);
  }
}

/** Fails the first `failures` sends as a broker outage would, then records what it publishes and under which trace. */
class FlakyPublisher {
  attempts = 0;
  readonly published: EventEnvelope[] = [];
  readonly traceIds: (string | undefined)[] = [];
  constructor(private failures = 0) {}
  async publish<C extends EventContract>(_contract: C, events: EventOf<C>[]) {
    this.attempts++;
    if (this.failures-- > 0) throw new Error('KafkaJSConnectionError: Connection error');
    this.published.push(...events);
    this.traceIds.push(trace.getSpanContext(context.active())?.traceId);
  }
}

const contractOf = (type: string) => (type === OrderPlaced.type ? OrderPlaced : OrderCancelled);
const placed = (orderId: string) =>
  createEvent(OrderPlaced, { orderId, cartId: 'c1', lines: [{ productId: 'p1', quantity: 1, unitPrice: { amount: 500, currency: 'EUR' } }], total: { amount: 500, currency: 'EUR' } }, { source: 'order' });
const cancelled = (orderId: string) => createEvent(OrderCancelled, { orderId, cartId: 'c1', reason: 'Out of stock' }, { source: 'order' });

describe('OutboxRelay', () => {
  let relay: OutboxRelay | undefined;
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(async () => {
    await relay?.stop();
    relay = undefined;
    jest.restoreAllMocks();
  });

  const newRelay = (store: OutboxStore, publisher: FlakyPublisher | Pick<FlakyPublisher, 'publish'>, options: Partial<OutboxRelayOptions> = {}) =>
    new OutboxRelay(store, publisher, contractOf, { name: 'test', sweepIntervalMs: 60_000, batchSize: 10, initialBackoffMs: 5, maxBackoffMs: 20, ...options });
  const startRelay = (...args: Parameters<typeof newRelay>) => {
    relay = newRelay(...args);
    relay.start();
    return relay;
  };

  it('finds what was written before it started with its first sweep', async () => {
    const store = new FakeOutboxStore();
    store.add('o1', [placed('o1')]);
    const publisher = new FlakyPublisher();
    startRelay(store, publisher);
    await eventually(() => (store.unsent() === 0 ? true : undefined), 'the outbox to be published', 2000);
    expect(publisher.published.map((e) => e.data)).toEqual([expect.objectContaining({ orderId: 'o1' })]);
  });

  it('publishes a nudged aggregate at once, by id, without sweeping storage again', async () => {
    const store = new FakeOutboxStore();
    const publisher = new FlakyPublisher();
    startRelay(store, publisher);
    await eventually(() => (store.sweeps === 1 ? true : undefined), 'the first sweep', 2000);

    for (const id of ['o2', 'o3', 'o4']) {
      store.add(id, [placed(id)]);
      relay?.nudge(id);
    }
    await eventually(() => (publisher.published.length === 3 ? true : undefined), 'three events', 2000);
    expect(store.sweeps).toBe(1);
  });

  it('publishes the events a nudge hands over without reading the aggregate, and marks them sent', async () => {
    const store = new FakeOutboxStore();
    const publisher = new FlakyPublisher();
    startRelay(store, publisher);
    await eventually(() => (store.sweeps === 1 ? true : undefined), 'the first sweep', 2000);
    const findPendingOf = jest.spyOn(store, 'findPendingOf');

    const events = ['o2', 'o3'].map((id) => {
      const event = placed(id);
      store.add(id, [event]);
      relay?.nudge(id, [event]);
      return event;
    });
    await eventually(() => (store.unsent() === 0 ? true : undefined), 'both marked sent', 2000);
    expect(publisher.published).toEqual(events);
    expect(findPendingOf).not.toHaveBeenCalled();
    expect(store.sweeps).toBe(1);
  });

  it('does not publish again a handed-over event that a sweep published in the meantime', async () => {
    const store = new FakeOutboxStore();
    const publisher = new FlakyPublisher();
    const event = placed('o6');
    store.add('o6', [event]);
    // The sweep reads the event between its write and the nudge: it publishes it and marks it sent.
    relay = newRelay(store, publisher);
    await relay.relayOnce();
    relay.nudge('o6', [event]);
    await relay.relayOnce();
    expect(publisher.published).toEqual([event]);
  });

  it('reads a handed-over aggregate by id after its publish failed: storage stays the truth', async () => {
    const store = new FakeOutboxStore();
    const publisher = new FlakyPublisher(1);
    startRelay(store, publisher);
    await eventually(() => (store.sweeps === 1 ? true : undefined), 'the first sweep', 2000);
    const findPendingOf = jest.spyOn(store, 'findPendingOf');
    const event = placed('o5');
    store.add('o5', [event]);
    relay?.nudge('o5', [event]);
    await eventually(() => (store.unsent() === 0 ? true : undefined), 'the outbox to be published', 3000);
    expect(publisher.attempts).toBe(2);
    expect(findPendingOf).toHaveBeenCalledWith(['o5']);
    expect(publisher.published).toEqual([event]);
  });

  it('keeps retrying while publishing fails, logs the outage once, then publishes each event once', async () => {
    const store = new FakeOutboxStore();
    const event = placed('o1');
    store.add('o1', [event]);
    const publisher = new FlakyPublisher(4);

    startRelay(store, publisher);
    await eventually(() => (store.unsent() === 0 ? true : undefined), 'the outbox to be published', 3000);

    expect(publisher.attempts).toBe(5);
    expect(publisher.published).toEqual([event]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatch(/Cannot publish, retrying with backoff: KafkaJSConnectionError/);
  });

  it('after an outage, sweeps until everything announced during it is published', async () => {
    const store = new FakeOutboxStore();
    const publisher = new FlakyPublisher(3);
    startRelay(store, publisher, { batchSize: 4 });
    const ids = Array.from({ length: 10 }, (_, i) => `o${i}`);
    for (const id of ids) {
      store.add(id, [placed(id)]);
      relay?.nudge(id);
    }
    await eventually(() => (store.unsent() === 0 ? true : undefined), 'every outbox to be published', 3000);
    expect(publisher.published.map((e) => e.data['orderId']).sort()).toEqual([...ids].sort());
  });

  it("publishes one aggregate's events in the order they were written", async () => {
    const store = new FakeOutboxStore();
    store.add('o1', [placed('o1'), cancelled('o1')]);
    const publisher = new FlakyPublisher();
    await expect(newRelay(store, publisher).relayOnce()).resolves.toBe(2);
    expect(publisher.published.map((e) => e.type)).toEqual(['OrderPlaced.v1', 'OrderCancelled.v1']);
  });

  it("leaves an event that breaks its contract unsent without holding up other aggregates' events", async () => {
    const store = new FakeOutboxStore();
    store.add('bad', [placed('bad')]);
    store.add('good', [placed('good')]);
    const publisher = {
      publish: async <C extends EventContract>(_contract: C, [event]: EventOf<C>[]) => {
        if (event.data['orderId'] === 'bad') throw new InvalidEventError('broken');
      },
    };
    await expect(newRelay(store, publisher).relayOnce()).resolves.toBe(1);
    expect((await store.findPending(10)).map((p) => p.aggregateId)).toEqual(['bad']);
  });

  it('sets aside an event of a type this build does not know, with the reason, and publishes what follows it', async () => {
    const store = new RecordingOutboxStore();
    const unknown = { ...placed('o1'), type: 'OrderRefunded.v1' };
    store.add('o1', [unknown, cancelled('o1')]);
    store.add('o2', [placed('o2')]);
    const publisher = new FlakyPublisher();
    const strict = (type: string) => {
      if (type === 'OrderRefunded.v1') throw new Error('Order does not publish OrderRefunded.v1');
      return contractOf(type);
    };
    const relay = new OutboxRelay(store, publisher, strict, { name: 'test', sweepIntervalMs: 60_000, batchSize: 10, initialBackoffMs: 5, maxBackoffMs: 20 });
    await expect(relay.relayOnce()).resolves.toBe(2);
    expect(publisher.published.map((e) => e.type).sort()).toEqual(['OrderCancelled.v1', 'OrderPlaced.v1']);
    expect(store.setAsideEvents).toEqual([
      { eventId: unknown.id, type: 'OrderRefunded.v1', reason: 'unknown event type OrderRefunded.v1: Order does not publish OrderRefunded.v1' },
    ]);
    expect(store.unsent()).toBe(0);
  });

  it('does not sweep again and again when a full batch holds only events it cannot publish', async () => {
    // A store that cannot record set-aside events keeps returning them: the relay must still not spin.
    const store = new FakeOutboxStore();
    for (let i = 0; i < 30; i++) store.add(`bad${i}`, [placed(`bad${i}`)]);
    const publisher = {
      publish: async () => {
        throw new InvalidEventError('broken');
      },
    };
    startRelay(store, publisher, { batchSize: 10 });
    await eventually(() => (store.sweeps >= 1 ? true : undefined), 'the first sweep', 2000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(store.sweeps).toBeLessThanOrEqual(2);
  });

  it('wakes up on a nudge while it backs off after a broker failure', async () => {
    const store = new FakeOutboxStore();
    const publisher = new FlakyPublisher(1);
    store.add('o1', [placed('o1')]);
    startRelay(store, publisher, { initialBackoffMs: 30_000, maxBackoffMs: 30_000 });
    await eventually(() => (publisher.attempts === 1 ? true : undefined), 'the failed attempt', 2000);
    const nudgedAt = Date.now();
    store.add('o2', [placed('o2')]);
    relay?.nudge('o2');
    await eventually(() => (store.unsent() === 0 ? true : undefined), 'both outboxes published', 2000);
    expect(Date.now() - nudgedAt).toBeLessThan(1000);
  });

  describe('with tracing on', () => {
    const sdk = new NodeSDK({ spanProcessors: [new SimpleSpanProcessor({ exporter: new InMemorySpanExporter() })], instrumentations: [] });
    beforeAll(() => sdk.start());
    afterAll(() => sdk.shutdown());

    it('publishes each event inside the trace of the request that wrote it', async () => {
      const store = new FakeOutboxStore();
      const tracer = trace.getTracer('test');
      const traceIds = ['o1', 'o2'].map((id) =>
        tracer.startActiveSpan(`checkout ${id}`, (span) => {
          store.add(id, [placed(id)], captureTraceContext());
          span.end();
          return span.spanContext().traceId;
        }),
      );
      const publisher = new FlakyPublisher();
      await newRelay(store, publisher).relayOnce();
      expect(publisher.traceIds).toEqual(traceIds);
    });
  });
});
