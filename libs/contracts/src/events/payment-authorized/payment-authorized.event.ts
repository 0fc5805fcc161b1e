import { z } from 'zod';
import { defineEvent } from '../event-contract';
import { PAYMENTS_TOPIC } from '../topics';

/** Published by payments: say when, and what each field means. */
export const PaymentAuthorized = defineEvent({
  name: 'PaymentAuthorized',
  version: 1,
  topic: PAYMENTS_TOPIC,
  key: (data) => data.orderId,
  schema: z.object({
    orderId: z.string().min(1),
  }),
});
