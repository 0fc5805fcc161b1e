import type { PaymentsView } from '@bazaar/contracts';

/** One payments record as the domain knows it: grow it with the service's own state. */
export interface PaymentsRecord {
  id: string;
  updatedAt: Date;
}

export const toPaymentsView = ({ id, updatedAt }: PaymentsRecord): PaymentsView => ({ id, updatedAt: updatedAt.toISOString() });
