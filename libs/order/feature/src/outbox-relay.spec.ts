import { Logger } from '@nestjs/common';
import { EventContract, EventEnvelope, EventOf } from '@bazaar/contracts';
import { OutboxStore, PendingOutbox } from '@bazaar/order/data-access';
import { placeOrder } from '@bazaar/order/domain';
import { EventPublisher, InvalidEventError } from '@bazaar/shared/messaging';
import { orderCancelled, orderPlaced } from './order-events';
import { OutboxRelay } from './outbox-relay';

/** In-memory outbox: the relay's contract with storage, without MongoDB. */
class FakeOutboxStore implements OutboxStore {
  readonly outboxes = new Map<string, { event: EventEnvelope; sentAt: Date | null }[]>();

  add(orderId: string, ...events: EventEnvelope[]) {
    this.outboxes.set(orderId, [...(this.outboxes.get(orderId) ?? []), ...events.map((event) => ({ event, sentAt: null }))]);
  }
  async findPending(limit: number): Promise<PendingOutbox[]> {
    return [...this.outboxes]
      .map(([orderId, entries]) => ({ orderId, events: entries.filter((e) => !e.sentAt).map((e) => e.event) }))
      .filter((p) => p.events.length > 0)
      .slice(0, limit);
  }
  async markSent(orderId: string, eventIds: string[], sentAt: Date) {
    for (const entry of this.outboxes.get(orderId) ?? []) if (eventIds.includes(entry.event.id)) entry.sentAt = sentAt;
  }
  unsent() {
    return [...this.outboxes.values()].flat().filter((e) => !e.sentAt).length;
  }
}

/** Fails the first `failures` sends as a broker outage would, then records what it publishes. */
class FlakyPublisher implements Pick<EventPublisher, 'publish'> {
  attempts = 0;
  readonly published: EventEnvelope[] = [];
  constructor(private failures: number) {}
  async publish<C extends EventContract>(_contract: C, events: EventOf<C>[]) {
    this.attempts++;
    if (this.failures-- > 0) throw new Error('KafkaJSConnectionError: Connection error');
    this.published.push(...events);
  }
}

const customer = { name: 'Ada', email: 'ada@example.com', address: { line1: '1 Main St', city: 'Paris', postalCode: '75001', country: 'FR' } };
const order = (id: string) => placeOrder({ id, cartId: 'c1', idempotencyKey: `key-${id}`, customer, lines: [{ productId: 'p1', name: 'Mug', quantity: 1, unitPrice: { amount: 500, currency: 'EUR' } }] });

async function eventually(check: () => boolean, timeoutMs = 3000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

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
    jest.restoreAllMocks();
  });

  const startRelay = (store: OutboxStore, publisher: Pick<EventPublisher, 'publish'>, pollIntervalMs = 5) => {
    relay = new OutboxRelay(store, publisher, { pollIntervalMs, batchSize: 10, maxBackoffMs: 20 });
    relay.start();
    return relay;
  };

  it('keeps retrying while publishing fails, logs the outage once, then publishes each event once', async () => {
    const store = new FakeOutboxStore();
    const o1 = order('o1');
    const placed = orderPlaced(o1);
    store.add('o1', placed);
    const publisher = new FlakyPublisher(4);

    startRelay(store, publisher);
    await eventually(() => store.unsent() === 0);

    expect(publisher.attempts).toBe(5);
    expect(publisher.published).toEqual([placed]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatch(/cannot publish, retrying with backoff: KafkaJSConnectionError/);
  });

  it("publishes one order's events in the order they were written", async () => {
    const store = new FakeOutboxStore();
    const o1 = order('o1');
    const events = [orderPlaced(o1), orderCancelled({ ...o1, status: 'CANCELLED', cancelReason: 'Out of stock' })];
    store.add('o1', ...events);
    const publisher = new FlakyPublisher(0);

    startRelay(store, publisher);
    await eventually(() => store.unsent() === 0);
    expect(publisher.published.map((e) => e.type)).toEqual(['OrderPlaced.v1', 'OrderCancelled.v1']);
  });

  it('publishes at once when nudged instead of waiting for the next poll', async () => {
    const store = new FakeOutboxStore();
    const publisher = new FlakyPublisher(0);
    startRelay(store, publisher, 60_000);
    await new Promise((resolve) => setTimeout(resolve, 20));

    store.add('o2', orderPlaced(order('o2')));
    relay?.nudge();
    await eventually(() => publisher.published.length === 1, 1000);
  });

  it("leaves an event that breaks its contract unsent without holding up other orders' events", async () => {
    const store = new FakeOutboxStore();
    store.add('bad', orderPlaced(order('bad')));
    store.add('good', orderPlaced(order('good')));
    const publisher: Pick<EventPublisher, 'publish'> = {
      publish: async (_contract, [event]) => {
        if (event.data.orderId === 'bad') throw new InvalidEventError('broken');
      },
    };
    const oneShot = new OutboxRelay(store, publisher, { pollIntervalMs: 5, batchSize: 10, maxBackoffMs: 20 });

    await expect(oneShot.relayOnce()).resolves.toBe(1);
    expect((await store.findPending(10)).map((p) => p.orderId)).toEqual(['bad']);
  });
});
