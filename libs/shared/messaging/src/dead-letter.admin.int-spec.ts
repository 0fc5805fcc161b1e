import { INestApplicationContext, Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import mongoose, { Connection } from 'mongoose';
import { z } from 'zod';
import { createEvent, defineEvent } from '@bazaar/contracts';
import { eventually, requireServer, uniqueName } from '@bazaar/shared/testing';
import { runDlqCommand } from './dead-letter.command';
import { NonRetryableEventError, onEvent } from './event-handler';
import { EventPublisher } from './event-publisher';
import { EventSubscriptions } from './event-subscriptions';
import { KafkaModule } from './kafka.module';
import { MongoProcessedEventStore } from './processed-event.store';

describe('dlq command (real Kafka and MongoDB wire protocol)', () => {
  const prefix = `${uniqueName('dlqtest')}.`;
  let app: INestApplicationContext;
  let mongo: Connection;
  let brokers: string;

  beforeAll(async () => {
    brokers = await requireServer('kafka');
    mongo = await mongoose.createConnection(await requireServer('mongodb'), { dbName: uniqueName('it-dlq') }).asPromise();
    const moduleRef = await Test.createTestingModule({
      imports: [KafkaModule.forRootAsync({ useFactory: () => ({ clientId: 'messaging-dlq-test', brokers: brokers.split(','), topicPrefix: prefix }) })],
    }).compile();
    app = await moduleRef.init();
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterAll(async () => {
    await app?.close();
    await mongo?.dropDatabase();
    await mongo?.close();
    jest.restoreAllMocks();
  });

  const dlq = async (...argv: string[]) => {
    const lines: string[] = [];
    const code = await runDlqCommand(argv, { KAFKA_BROKERS: brokers, KAFKA_TOPIC_PREFIX: prefix }, (line) => lines.push(line));
    return { code, output: lines.join('\n') };
  };

  it('lists a parked event with its reason, type and id, and a redrive applies it once, however often it is redriven', async () => {
    const contract = defineEvent({ name: 'Redriven', version: 1, topic: { topic: 'redrive.v1', numPartitions: 1 }, schema: z.object({ id: z.string() }), key: (data) => data.id });
    let broken = true;
    const handled: string[] = [];
    await app.get(EventSubscriptions).start({
      groupId: 'redrive-group',
      store: new MongoProcessedEventStore(mongo),
      handlers: [
        onEvent(contract, async (event) => {
          if (broken) throw new NonRetryableEventError('the handler had a bug');
          handled.push(event.id);
        }),
      ],
    });
    const event = createEvent(contract, { id: 'r1' }, { source: 'test' });
    await app.get(EventPublisher).publish(contract, [event], { 'x-origin': 'test' });

    const listed = await eventually(async () => {
      const { output } = await dlq('list', '--topic', 'redrive.v1');
      return output.includes(event.id) ? output : undefined;
    }, 'the event on redrive.v1.dlq', 30_000);
    expect(listed).toContain('redrive.v1.dlq: 1 parked');
    expect(listed).toContain(`Redriven.v1 ${event.id}`);
    expect(listed).toContain('reason: NonRetryableEventError: the handler had a bug');
    const shown = await dlq('show', 'redrive.v1.dlq', event.id);
    expect(shown.output).toContain(`original topic: ${prefix}redrive.v1`);
    expect(shown.output).toContain('"x-origin":"test"');

    // The bug is fixed: redrive it, twice (an operator repeating the command).
    broken = false;
    expect(await dlq('redrive', 'redrive.v1', event.id)).toMatchObject({ code: 0, output: expect.stringContaining(`redriven redrive.v1.dlq 0:0 (Redriven.v1 ${event.id}) to ${prefix}redrive.v1`) });
    await eventually(() => (handled.length === 1 ? true : undefined), 'the redriven event handled', 30_000);
    expect(await dlq('redrive', 'redrive.v1', '--all')).toMatchObject({ code: 0 });
    // A later event proves the second redrive was consumed (and skipped) before it.
    const later = createEvent(contract, { id: 'r2' }, { source: 'test' });
    await app.get(EventPublisher).publish(contract, [later]);
    await eventually(() => (handled.length === 2 ? true : undefined), 'the later event', 30_000);
    expect(handled).toEqual([event.id, later.id]);
  }, 120_000);
});
