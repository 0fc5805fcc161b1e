import { z } from 'zod';
import { baseEnvSchema, port, mongoUrl, brokerList, topicPrefix } from '@bazaar/shared/config';

export const paymentsEnvSchema = baseEnvSchema.extend({
  SERVICE_NAME: z.string().default('payments'),
  HTTP_PORT: port.default(3004),
  TCP_HOST: z.string().default('0.0.0.0'),
  TCP_PORT: port.default(4004),
  MONGO_URL: mongoUrl,
  MONGO_DB: z.string().default('payments'),
  KAFKA_BROKERS: brokerList,
  KAFKA_TOPIC_PREFIX: topicPrefix,
});
