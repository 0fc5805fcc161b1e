import { Test } from '@nestjs/testing';
import { requireServer, uniqueName } from '@bazaar/shared/testing';
import { EventConsumer, IncomingMessage } from './event-consumer';
import { EventPublisher } from './event-publisher';
import { KafkaConnection } from './kafka-connection';
import { KafkaModule } from './kafka.module';

describe('Kafka through kafkajs (real broker)', () => {
  let close: () => Promise<void>;
  let connection: KafkaConnection;
  let publisher: EventPublisher;
  let consumer: EventConsumer;

  beforeAll(async () => {
    const brokers = (await requireServer('kafka')).split(',');
    const moduleRef = await Test.createTestingModule({
      imports: [KafkaModule.forRootAsync({ useFactory: () => ({ clientId: 'messaging-test', brokers }) })],
    }).compile();
    const app = await moduleRef.init();
    close = () => app.close();
    connection = app.get(KafkaConnection);
    publisher = app.get(EventPublisher);
    consumer = app.get(EventConsumer);
  });
  afterAll(() => close?.());

  it('answers a ping', async () => {
    await expect(connection.ping()).resolves.toBeUndefined();
  });

  it('consumes back, in order, what was produced with a key', async () => {
    const topic = uniqueName('it-roundtrip');
    await connection.ensureTopics([{ topic, numPartitions: 3 }]);
    const received: IncomingMessage[] = [];
    let done: () => void = () => undefined;
    const allReceived = new Promise<void>((resolve) => (done = resolve));
    const subscription = await consumer.subscribe({
        groupId: uniqueName('it-group'),
        topics: [topic],
        fromBeginning: true,
        handle: async (message) => {
          received.push(message);
          if (received.length === 3) done();
        },
      });

    await publisher.send(topic, [1, 2, 3].map((n) => ({ key: 'order-1', value: JSON.stringify({ n }), headers: { 'x-test': 'yes' } })));
    await allReceived;
    await subscription.disconnect();

    expect(received.map((m) => JSON.parse(String(m.value)))).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(new Set(received.map((m) => m.partition)).size).toBe(1);
    expect(received[0]).toMatchObject({ topic, key: 'order-1', headers: { 'x-test': 'yes' } });
  });

  it('creating an existing topic again is harmless', async () => {
    const topic = uniqueName('it-idempotent');
    await connection.ensureTopics([{ topic, numPartitions: 1 }]);
    await expect(connection.ensureTopics([{ topic, numPartitions: 1 }])).resolves.toBeUndefined();
  });
});
