import { Logger } from '@nestjs/common';
import { z } from 'zod';
import { createEvent, defineEvent } from '@bazaar/contracts';
import { IncomingMessage } from './event-consumer';
import { NonRetryableEventError, onEvent } from './event-handler';
import { ConsumerHealth } from './consumer-health';
import { ConsumerStoppedError, EventProcessor } from './event-processor';
import { ProcessedEventStore } from './processed-event.store';

const Pinged = defineEvent({ name: 'Pinged', version: 1, topic: { topic: 'pings.v1', numPartitions: 1 }, schema: z.object({ id: z.string() }), key: (d) => d.id });
const Ponged = defineEvent({ name: 'Ponged', version: 1, topic: { topic: 'pings.v1', numPartitions: 1 }, schema: z.object({ id: z.string() }), key: (d) => d.id });

class MemoryStore implements ProcessedEventStore {
  readonly ids = new Set<string>();
  async has(group: string, id: string) {
    return this.ids.has(`${group}:${id}`);
  }
  async record(group: string, id: string) {
    this.ids.add(`${group}:${id}`);
  }
}

const message = (value: unknown): IncomingMessage => ({
  topic: 'pings.v1',
  partition: 0,
  offset: '0',
  key: 'k',
  value: Buffer.from(JSON.stringify(value)),
  headers: {},
  heartbeat: async () => undefined,
});

describe('EventProcessor', () => {
  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  function processor(handle: () => Promise<void>) {
    const parked: string[] = [];
    const store = new MemoryStore();
    const health = new ConsumerHealth();
    const events = new EventProcessor({
      groupId: 'g',
      handlers: [onEvent(Pinged, handle)],
      store,
      retry: { attempts: 3, initialDelayMs: 1, maxDelayMs: 2 },
      blockedBackoff: { initialDelayMs: 1, maxDelayMs: 4 },
      health,
      deadLetter: async (_message, reason) => void parked.push(reason),
    });
    return { events, parked, store, health };
  }

  const mongoDown = () => Object.assign(new Error('connection 3 to 127.0.0.1:27017 closed'), { name: 'MongoNetworkError' });

  it('never parks a valid event while its dependency is unavailable: retried until it answers, with heartbeats', async () => {
    let calls = 0;
    const blockedMeanwhile: unknown[] = [];
    const { events, parked, store, health } = processor(async () => {
      if (++calls <= 30) {
        blockedMeanwhile.push(health.blockageOf('g')?.dependency);
        throw mongoDown();
      }
    });
    const heartbeat = jest.fn(async () => undefined);
    const event = createEvent(Pinged, { id: '1' }, { source: 't' });
    await events.process({ ...message(event), heartbeat });
    expect(calls).toBe(31);
    expect(parked).toEqual([]);
    expect(heartbeat).toHaveBeenCalledTimes(30);
    expect(blockedMeanwhile.slice(1)).toEqual(Array(29).fill('mongodb'));
    expect([...store.ids]).toEqual([`g:${event.id}`]);
    expect(health.blockageOf('g')).toBeUndefined();
    expect(health.blockedMs('g')).toBeGreaterThan(0);
  });

  it('stops waiting for a dependency when the consumer stops, without parking or recording', async () => {
    const { events, parked, store, health } = processor(async () => {
      throw mongoDown();
    });
    const stop = new AbortController();
    const processing = events.process({ ...message(createEvent(Pinged, { id: '1' }, { source: 't' })), signal: stop.signal });
    const deadline = Date.now() + 5000;
    while (!health.blockageOf('g') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 1));
    stop.abort();
    await expect(processing).rejects.toBeInstanceOf(ConsumerStoppedError);
    expect(parked).toEqual([]);
    expect(store.ids.size).toBe(0);
    expect(health.blockageOf('g')).toBeUndefined();
  });

  it('retries an error of unknown cause a bounded number of times, then parks it', async () => {
    const handle = jest.fn(async () => {
      throw new TypeError('lines is undefined');
    });
    const { events, parked } = processor(handle);
    await events.process(message(createEvent(Pinged, { id: '1' }, { source: 't' })));
    expect(handle).toHaveBeenCalledTimes(3);
    expect(parked).toEqual(['failed 3 times, last: TypeError: lines is undefined']);
  });

  it('parks a deterministic database rejection at once', async () => {
    const handle = jest.fn(async () => {
      throw Object.assign(new Error('Order validation failed: total: Path `total` is required.'), { name: 'ValidationError' });
    });
    const { events, parked } = processor(handle);
    await events.process(message(createEvent(Pinged, { id: '1' }, { source: 't' })));
    expect(handle).toHaveBeenCalledTimes(1);
    expect(parked).toEqual(['ValidationError: Order validation failed: total: Path `total` is required.']);
  });

  it('passes over event types it has no handler for: other groups read them', async () => {
    const handle = jest.fn(async () => undefined);
    const { events, parked } = processor(handle);
    await events.process(message(createEvent(Ponged, { id: '1' }, { source: 't' })));
    expect(handle).not.toHaveBeenCalled();
    expect(parked).toEqual([]);
  });

  it('parks at once what the handler declares non-retryable, and records nothing', async () => {
    const handle = jest.fn(async () => {
      throw new NonRetryableEventError('contradicts the order');
    });
    const { events, parked, store } = processor(handle);
    await events.process(message(createEvent(Pinged, { id: '1' }, { source: 't' })));
    expect(handle).toHaveBeenCalledTimes(1);
    expect(parked).toEqual(['NonRetryableEventError: contradicts the order']);
    expect(store.ids.size).toBe(0);
  });

  it('parks an envelope without an id, naming the field', async () => {
    const { events, parked } = processor(async () => undefined);
    await events.process(message({ ...createEvent(Pinged, { id: '1' }, { source: 't' }), id: undefined }));
    expect(parked).toEqual([expect.stringMatching(/^invalid envelope: id: /)]);
  });

  it('keeps no processed-event record for a naturally idempotent handler: every delivery reaches it', async () => {
    const handle = jest.fn(async () => undefined);
    const store = new MemoryStore();
    const has = jest.spyOn(store, 'has');
    const events = new EventProcessor({
      groupId: 'g',
      handlers: [onEvent(Pinged, handle, { naturallyIdempotent: true })],
      store,
      retry: { attempts: 3, initialDelayMs: 1, maxDelayMs: 2 },
      deadLetter: async () => undefined,
    });
    const event = createEvent(Pinged, { id: '1' }, { source: 't' });
    await events.process(message(event));
    await events.process(message(event));
    expect(handle).toHaveBeenCalledTimes(2);
    expect(has).not.toHaveBeenCalled();
    expect(store.ids.size).toBe(0);
  });

  it('records the event id after handling and skips it next time', async () => {
    const handle = jest.fn(async () => undefined);
    const { events, store } = processor(handle);
    const event = createEvent(Pinged, { id: '1' }, { source: 't' });
    await events.process(message(event));
    await events.process(message(event));
    expect(handle).toHaveBeenCalledTimes(1);
    expect([...store.ids]).toEqual([`g:${event.id}`]);
  });
});
