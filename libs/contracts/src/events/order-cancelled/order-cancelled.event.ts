import { z } from 'zod';
import { defineEvent } from '../event-contract';
import { ORDERS_TOPIC } from '../topics';

/**
 * The order is final and CANCELLED, with the reason a shopper can read (`TIMED_OUT` when catalog did
 * not answer before its deadline): catalog releases what it reserved, the cart keeps its lines.
 */
export const OrderCancelled = defineEvent({
  name: 'OrderCancelled',
  version: 1,
  topic: ORDERS_TOPIC,
  key: (data) => data.orderId,
  schema: z.object({ orderId: z.string().min(1), cartId: z.string().min(1), reason: z.string().min(1) }),
});
