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

/** The baseline's two topics, partitioned like the orders and stock topics. */
export const roundTripTopics = (prefix: string) => ({ request: `${prefix}bench.ping`, reply: `${prefix}bench.pong`, numPartitions: 6 });
