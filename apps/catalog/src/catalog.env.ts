import { z } from 'zod';
import { baseEnvSchema, brokerList, topicPrefix, mongoUrl, port } from '@bazaar/shared/config';

export const catalogEnvSchema = baseEnvSchema.extend({
  SERVICE_NAME: z.string().default('catalog'),
  HTTP_PORT: port.default(3001),
  TCP_HOST: z.string().default('0.0.0.0'),
  TCP_PORT: port.default(4001),
  MONGO_URL: mongoUrl,
  MONGO_DB: z.string().default('catalog'),
  KAFKA_BROKERS: brokerList,
  KAFKA_TOPIC_PREFIX: topicPrefix,
});
