import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import mongoose, { Connection } from 'mongoose';
import { z } from 'zod';
import { createEvent, defineEvent, EventOf } from '@bazaar/contracts';
import { requireServer, uniqueName } from '@bazaar/shared/testing';
import { DeadLetterHeaders, deadLetterTopic } from './dead-letter';
import { EventConsumer, IncomingMessage } from './event-consumer';
import { onEvent } from './event-handler';
import { EventPublisher } from './event-publisher';
import { EventSubscriptions } from './event-subscriptions';
import { KafkaConnection } from './kafka-connection';
import { KafkaModule } from './kafka.module';
import { MongoProcessedEventStore } from './processed-event.store';

const probeContract = () =>
  defineEvent({
    name: 'ProbeHappened',
    version: 1,
    topic: { topic: uniqueName('it-events'), numPartitions: 2 },
    schema: z.object({ probeId: z.string(), n: z.number().int() }),
    key: (data) => data.probeId,
  });
type Probe = ReturnType<typeof probeContract>;

async function waitFor(check: () => boolean, what: string, timeoutMs = 20000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('EventSubscriptions (real Kafka and MongoDB wire protocol)', () => {
  let app: INestApplicationContext;
  let mongo: Connection;
  let publisher: EventPublisher;
  let subscriptions: EventSubscriptions;
  let consumer: EventConsumer;
  let store: MongoProcessedEventStore;

  beforeAll(async () => {
    const brokers = (await requireServer('kafka')).split(',');
    mongo = await mongoose.createConnection(await requireServer('mongodb'), { dbName: uniqueName('it-messaging') }).asPromise();
    store = new MongoProcessedEventStore(mongo);
    const moduleRef = await Test.createTestingModule({
      imports: [KafkaModule.forRootAsync({ useFactory: () => ({ clientId: 'messaging-events-test', brokers }) })],
    }).compile();
    app = await moduleRef.init();
    publisher = app.get(EventPublisher);
    subscriptions = app.get(EventSubscriptions);
    consumer = app.get(EventConsumer);
  });
  afterAll(async () => {
    await app?.close();
    await mongo?.dropDatabase();
    await mongo?.close();
  });

  const fastRetry = { attempts: 3, initialDelayMs: 20, maxDelayMs: 100 };

  async function consume(contract: Probe, handle: (event: EventOf<Probe>) => Promise<void>, groupId = uniqueName('it-group')) {
    await subscriptions.start({ groupId, handlers: [onEvent(contract, handle)], store, retry: fastRetry, blockedBackoff: { initialDelayMs: 20, maxDelayMs: 500 } });
    return groupId;
  }

  async function deadLetters(contract: Probe): Promise<IncomingMessage[]> {
    const parked: IncomingMessage[] = [];
    await consumer.subscribe({ groupId: uniqueName('it-dlq-reader'), topics: [deadLetterTopic(contract.topic.topic)], fromBeginning: true, handle: async (m) => void parked.push(m) });
    return parked;
  }

  const probe = (contract: Probe, n: number) => createEvent(contract, { probeId: 'probe-1', n }, { source: 'test' });

  it('parks a poison message on <topic>.dlq with the reason and the original headers, and keeps going', async () => {
    const contract = probeContract();
    const handled: number[] = [];
    const groupId = await consume(contract, async (event) => void handled.push(event.data.n));
    const parked = await deadLetters(contract);

    await publisher.send(contract.topic.topic, [{ key: 'probe-1', value: '{not json', headers: { traceparent: '00-abc-def-01', 'x-origin': 'test' } }]);
    await publisher.send(contract.topic.topic, [{ key: 'probe-1', value: JSON.stringify({ ...probe(contract, 1), data: { probeId: 'probe-1', n: 'one' } }) }]);
    await publisher.publish(contract, [probe(contract, 2)]);

    await waitFor(() => parked.length === 2 && handled.length === 1, 'two parked messages and one handled event');
    expect(handled).toEqual([2]);
    expect(parked[0].value?.toString()).toBe('{not json');
    expect(parked[0].key).toBe('probe-1');
    expect(parked[0].headers).toMatchObject({
      traceparent: '00-abc-def-01',
      'x-origin': 'test',
      [DeadLetterHeaders.reason]: expect.stringMatching(/^not JSON/),
      [DeadLetterHeaders.topic]: contract.topic.topic,
      [DeadLetterHeaders.consumerGroup]: groupId,
    });
    expect(parked[1].headers[DeadLetterHeaders.reason]).toBe('invalid ProbeHappened.v1 payload: data.n: Invalid input: expected number, received string');
  });

  it('retries a transient failure with backoff, then handles the event once', async () => {
    const contract = probeContract();
    let calls = 0;
    const handled: number[] = [];
    await consume(contract, async (event) => {
      if (++calls < 3) throw new Error('database briefly unavailable');
      handled.push(event.data.n);
    });
    const parked = await deadLetters(contract);

    await publisher.publish(contract, [probe(contract, 7)]);
    await waitFor(() => handled.length === 1, 'the event after two failures');
    await publisher.publish(contract, [probe(contract, 8)]);
    await waitFor(() => handled.length === 2, 'the next event');

    expect(calls).toBe(4);
    expect(handled).toEqual([7, 8]);
    expect(parked).toEqual([]);
  });

  it('parks an event that keeps failing with the error, and moves on', async () => {
    const contract = probeContract();
    const handled: number[] = [];
    await consume(contract, async (event) => {
      if (event.data.n === 1) throw new Error('always broken');
      handled.push(event.data.n);
    });
    const parked = await deadLetters(contract);

    await publisher.publish(contract, [probe(contract, 1), probe(contract, 2)]);
    await waitFor(() => parked.length === 1 && handled.length === 1, 'one parked, one handled');
    expect(handled).toEqual([2]);
    expect(parked[0].headers).toMatchObject({
      [DeadLetterHeaders.reason]: 'failed 3 times, last: Error: always broken',
      'event-type': 'ProbeHappened.v1',
    });
    expect(JSON.parse(String(parked[0].value))).toMatchObject({ data: { n: 1 } });
  });

  it('waits out an unavailable dependency: nothing parked, the group kept, readiness names the blocked group meanwhile', async () => {
    const contract = probeContract();
    const connection = app.get(KafkaConnection);
    const outageMs = 4000;
    let outageEndsAt = Number.POSITIVE_INFINITY;
    let failures = 0;
    const handled: number[] = [];
    const groupId = await consume(contract, async (event) => {
      if (Date.now() < outageEndsAt) {
        failures++;
        throw Object.assign(new Error('connection 5 to 127.0.0.1:27017 closed'), { name: 'MongoNetworkError' });
      }
      handled.push(event.data.n);
    });
    const parked = await deadLetters(contract);
    const groupCheck = () => connection.subChecks().find((check) => check.name === `kafka-consumer:${groupId}`);
    const admin = connection.kafka.admin();
    await admin.connect();
    try {
      const membersBefore = (await admin.describeGroups([groupId])).groups[0].members.map((member) => member.memberId);
      expect(membersBefore).toHaveLength(1);
      await expect(groupCheck()?.ping()).resolves.toBeUndefined();

      outageEndsAt = Date.now() + outageMs;
      await publisher.publish(contract, [probe(contract, 1), probe(contract, 2)]);
      await waitFor(() => failures > 0, 'the first failure');
      const readiness = await groupCheck()
        ?.ping()
        .then(() => undefined, (error: { details?: unknown }) => error.details);
      expect(readiness).toEqual({ blockedOn: 'mongodb', since: expect.any(String) });

      await waitFor(() => handled.length === 2, 'both events once the dependency is back', outageMs + 20000);
      expect(handled).toEqual([1, 2]);
      expect(failures).toBeGreaterThan(5);
      expect(parked).toEqual([]);
      await expect(groupCheck()?.ping()).resolves.toBeUndefined();
      expect(connection.consumerHealth.blockedMs(groupId)).toBeGreaterThanOrEqual(outageMs - 1000);
      // The same member throughout: it heartbeated while blocked instead of being thrown out and rejoining.
      const membersAfter = (await admin.describeGroups([groupId])).groups[0].members.map((member) => member.memberId);
      expect(membersAfter).toEqual(membersBefore);
    } finally {
      await admin.disconnect();
    }
  });

  it('stops promptly on shutdown while a group waits for a dependency, leaving the message for the next start', async () => {
    const contract = probeContract();
    const brokers = (await requireServer('kafka')).split(',');
    const other = await (
      await Test.createTestingModule({ imports: [KafkaModule.forRootAsync({ useFactory: () => ({ clientId: 'messaging-shutdown-test', brokers }) })] }).compile()
    ).init();
    const groupId = uniqueName('it-group');
    let failures = 0;
    await other.get(EventSubscriptions).start({
      groupId,
      handlers: [
        onEvent(contract, async () => {
          failures++;
          throw Object.assign(new Error('connection refused'), { name: 'MongoServerSelectionError' });
        }),
      ],
      store,
    });
    const parked = await deadLetters(contract);
    await publisher.publish(contract, [probe(contract, 1)]);
    await waitFor(() => failures >= 2, 'the group to be blocked');

    const started = Date.now();
    await other.close();
    expect(Date.now() - started).toBeLessThan(10_000);

    // The next start of the group gets the same message: it was neither committed nor parked.
    const handled: number[] = [];
    await consume(contract, async (event) => void handled.push(event.data.n), groupId);
    await waitFor(() => handled.length === 1, 'the message after a restart');
    expect(handled).toEqual([1]);
    expect(parked).toEqual([]);
  });

  it('handles the same event delivered twice only once, by its event id', async () => {
    const contract = probeContract();
    const handled: string[] = [];
    const groupId = await consume(contract, async (event) => void handled.push(event.id));
    const twice = probe(contract, 1);
    const other = probe(contract, 1);

    await publisher.publish(contract, [twice]);
    await publisher.publish(contract, [twice, other]);
    await waitFor(() => handled.length === 2, 'two distinct events');
    await publisher.publish(contract, [probe(contract, 3)]);
    await waitFor(() => handled.length === 3, 'a later event, proving the duplicate was passed');

    // Same key, same payload, yet a different id: de-duplication looks at the id only.
    expect(handled.slice(0, 2)).toEqual([twice.id, other.id]);
    await expect(store.has(groupId, twice.id)).resolves.toBe(true);
  });

  it('refuses to publish an event that breaks its contract', async () => {
    const contract = probeContract();
    const bad = { ...probe(contract, 1), data: { probeId: 'probe-1', n: 1.5 } };
    await expect(publisher.publish(contract, [bad])).rejects.toThrow(/ProbeHappened.v1 .* was not published: invalid ProbeHappened.v1 payload: data.n/);
  });
});
