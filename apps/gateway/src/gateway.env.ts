import { z } from 'zod';
import { baseEnvSchema, hostPort, port } from '@bazaar/shared/config';

export const gatewayEnvSchema = baseEnvSchema.extend({
  SERVICE_NAME: z.string().default('gateway'),
  HTTP_PORT: port.default(3000),
  CATALOG_ADDR: hostPort.default('127.0.0.1:4001'),
  CART_ADDR: hostPort.default('127.0.0.1:4002'),
  ORDER_ADDR: hostPort.default('127.0.0.1:4003'),
});
