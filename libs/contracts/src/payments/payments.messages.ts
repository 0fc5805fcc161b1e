import { z } from 'zod';

/** Request/response patterns the payments service answers on its microservice transport. */
export const PaymentsPatterns = {
  get: 'payments.get',
} as const;

export const getPaymentsRequestSchema = z.object({ id: z.string().min(1).max(100) });
export type GetPaymentsRequest = z.output<typeof getPaymentsRequestSchema>;

export interface PaymentsView {
  id: string;
  /** ISO 8601. */
  updatedAt: string;
}
