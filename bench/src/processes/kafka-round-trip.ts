// The bare-kafkajs baseline is, by definition, kafkajs without Bazaar's messaging lib around it.
// eslint-disable-next-line no-restricted-imports
import { Kafka, logLevel, Producer } from 'kafkajs';

/** The same client and producer settings as libs/shared/messaging (KafkaConnection); only errors are logged. */
export function bareKafka(clientId: string, brokers: string): Kafka {
  process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
  return new Kafka({ clientId, brokers: brokers.split(','), connectionTimeout: 3000, requestTimeout: 10000, retry: { initialRetryTime: 200, retries: 5 }, logLevel: logLevel.ERROR });
}

export async function bareProducer(kafka: Kafka): Promise<Producer> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  return producer;
}

/**
 * The baseline's chain, partitioned like the saga's topics: the runner produces the request, each
 * relay (a process of its own, like catalog and then payments in the saga) consumes one topic and
 * produces to the next, and the runner consumes the reply: three produce → consume hops.
 */
export function roundTripTopics(prefix: string) {
  const request = `${prefix}bench.ping`;
  const relayed = `${prefix}bench.relayed`;
  const reply = `${prefix}bench.pong`;
  return { request, reply, topics: [request, relayed, reply], relays: [{ from: request, to: relayed }, { from: relayed, to: reply }], numPartitions: 6 };
}
