import { z } from 'zod';
import { baseEnvSchema, brokerList, topicPrefix, hostPort, mongoUrl, port } from '@bazaar/shared/config';

export const orderEnvSchema = baseEnvSchema.extend({
  SERVICE_NAME: z.string().default('order'),
  HTTP_PORT: port.default(3003),
  TCP_HOST: z.string().default('0.0.0.0'),
  TCP_PORT: port.default(4003),
  MONGO_URL: mongoUrl,
  MONGO_DB: z.string().default('orders'),
  KAFKA_BROKERS: brokerList,
  KAFKA_TOPIC_PREFIX: topicPrefix,
  CATALOG_ADDR: hostPort,
  CART_ADDR: hostPort,
});
