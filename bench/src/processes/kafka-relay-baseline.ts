import { bareKafka, bareProducer } from './kafka-round-trip';
import { requiredEnv, serveUntilStopped } from './process-env';

/**
 * One hop in the middle of the bare Kafka chain, in a process of its own like catalog or payments in
 * the saga: consumes each message of RELAY_FROM and produces it, same key and value, to RELAY_TO
 * (acks=all, idempotent).
 */
serveUntilStopped(async () => {
  const kafka = bareKafka('bench-relay', requiredEnv('KAFKA_BROKERS'));
  const [from, to] = [requiredEnv('RELAY_FROM'), requiredEnv('RELAY_TO')];
  const producer = await bareProducer(kafka);
  const consumer = kafka.consumer({ groupId: `${from}.relay`, allowAutoTopicCreation: false });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.connect();
  await consumer.subscribe({ topics: [from], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      await producer.send({ topic: to, acks: -1, messages: [{ key: message.key, value: message.value }] });
    },
  });
  await joined;
  return async () => {
    await consumer.disconnect();
    await producer.disconnect();
  };
});
