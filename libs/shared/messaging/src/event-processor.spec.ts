import { Logger } from '@nestjs/common';
import { z } from 'zod';
import { createEvent, defineEvent } from '@bazaar/contracts';
import { IncomingMessage } from './event-consumer';
import { NonRetryableEventError, onEvent } from './event-handler';
import { EventProcessor } from './event-processor';
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
    const events = new EventProcessor({
      groupId: 'g',
      handlers: [onEvent(Pinged, handle)],
      store,
      retry: { attempts: 3, initialDelayMs: 1, maxDelayMs: 2 },
      deadLetter: async (_message, reason) => void parked.push(reason),
    });
    return { events, parked, store };
  }

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
