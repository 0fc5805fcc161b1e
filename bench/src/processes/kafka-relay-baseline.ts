import { bareKafka, bareProducer, roundTripTopics } from './kafka-round-trip';
import { requiredEnv, serveUntilStopped } from './process-env';

/**
 * The middle of the bare Kafka round trip, in a process of its own like catalog in the saga:
 * consumes each request and produces a reply with the same key and value (acks=all, idempotent).
 */
serveUntilStopped(async () => {
  const kafka = bareKafka('bench-relay', requiredEnv('KAFKA_BROKERS'));
  const topics = roundTripTopics(requiredEnv('KAFKA_TOPIC_PREFIX'));
  const producer = await bareProducer(kafka);
  const consumer = kafka.consumer({ groupId: `${topics.request}.relay`, allowAutoTopicCreation: false });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.connect();
  await consumer.subscribe({ topics: [topics.request], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      await producer.send({ topic: topics.reply, acks: -1, messages: [{ key: message.key, value: message.value }] });
    },
  });
  await joined;
  return async () => {
    await consumer.disconnect();
    await producer.disconnect();
  };
});
