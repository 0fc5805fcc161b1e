import { z } from 'zod';
import { defineEvent } from '../event-contract';
import { ORDERS_TOPIC } from '../topics';

/** The order is final and CANCELLED, with the reason a shopper can read. */
export const OrderCancelled = defineEvent({
  name: 'OrderCancelled',
  version: 1,
  topic: ORDERS_TOPIC,
  key: (data) => data.orderId,
  schema: z.object({ orderId: z.string().min(1), cartId: z.string().min(1), reason: z.string().min(1) }),
});
