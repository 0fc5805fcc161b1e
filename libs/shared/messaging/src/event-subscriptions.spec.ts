import { EventEmitter } from 'node:events';
import { Consumer } from 'kafkajs';
import { ConsumerHealth } from './consumer-health';
import { EventConsumer } from './event-consumer';
import { EventHandler } from './event-handler';
import { EventPublisher } from './event-publisher';
import { EventSubscriptions } from './event-subscriptions';
import { KafkaConnection } from './kafka-connection';

const EVENTS = { CRASH: 'consumer.crash', GROUP_JOIN: 'consumer.group_join' };

describe('EventSubscriptions readiness', () => {
  it('reports a group whose consumer crashed as not ready until it has joined its group again', async () => {
    const kafka = new EventEmitter();
    const consumer = Object.assign(kafka, { events: EVENTS }) as unknown as Consumer;
    const health = new ConsumerHealth();
    const connection = { ensureTopics: async () => undefined, topicName: (topic: string) => topic, consumerHealth: health } as unknown as KafkaConnection;
    const subscriptions = new EventSubscriptions(connection, { subscribe: async () => consumer } as unknown as EventConsumer, {} as EventPublisher);
    const handler = { contract: { type: 'Pinged.v1', topic: { topic: 'pings.v1', numPartitions: 1 } } } as unknown as EventHandler;
    await subscriptions.start({ groupId: 'pings', handlers: [handler], store: { has: async () => false, record: async () => undefined } });
    const [check] = health.checks();
    await expect(check.ping()).resolves.toBeUndefined();

    kafka.emit(EVENTS.CRASH, { payload: { error: new Error('The coordinator is loading'), groupId: 'pings', restart: true } });
    await expect(check.ping()).rejects.toThrow(/blocked on kafka .*consumer crashed: The coordinator is loading/);

    kafka.emit(EVENTS.GROUP_JOIN, { payload: { groupId: 'pings' } });
    await expect(check.ping()).resolves.toBeUndefined();
  });

  it('reports a group as not ready from the start until it consumes, and while Kafka refuses it', async () => {
    const health = new ConsumerHealth();
    let joined!: (consumer: Consumer) => void;
    const subscribed = new Promise<Consumer>((resolve) => (joined = resolve));
    const connection = { ensureTopics: async () => undefined, topicName: (topic: string) => topic, consumerHealth: health } as unknown as KafkaConnection;
    const subscriptions = new EventSubscriptions(connection, { subscribe: () => subscribed } as unknown as EventConsumer, {} as EventPublisher);
    const handler = { contract: { type: 'Pinged.v1', topic: { topic: 'pings.v1', numPartitions: 1 } } } as unknown as EventHandler;
    const started = subscriptions.start({ groupId: 'pings', handlers: [handler], store: { has: async () => false, record: async () => undefined } });
    await new Promise((resolve) => setImmediate(resolve));
    const [check] = health.checks();
    await expect(check.ping()).rejects.toThrow(/blocked on kafka .*not consuming yet/);

    joined(Object.assign(new EventEmitter(), { events: EVENTS }) as unknown as Consumer);
    await started;
    await expect(check.ping()).resolves.toBeUndefined();

    const refused = new EventSubscriptions({ ...connection, ensureTopics: async () => Promise.reject(new Error('broker down')) } as unknown as KafkaConnection, {} as EventConsumer, {} as EventPublisher);
    await expect(refused.start({ groupId: 'refused', handlers: [handler], store: { has: async () => false, record: async () => undefined } })).rejects.toThrow('broker down');
    await expect(health.checks().find(({ name }) => name === 'kafka-consumer:refused')?.ping()).rejects.toThrow(/not consuming yet/);
  });
});
