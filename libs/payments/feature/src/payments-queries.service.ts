import { Injectable } from '@nestjs/common';
import { PaymentsView } from '@bazaar/contracts';
import { PaymentsRepository } from '@bazaar/payments/data-access';
import { toPaymentsView } from '@bazaar/payments/domain';
import { ServiceError } from '@bazaar/shared/rpc';

@Injectable()
export class PaymentsQueries {
  constructor(private readonly payments: PaymentsRepository) {}

  /** The payment of an order, by order id. */
  async get(orderId: string): Promise<PaymentsView> {
    const payment = await this.payments.findById(orderId);
    if (!payment) throw ServiceError.notFound('PAYMENTS_NOT_FOUND', `No payment for order ${orderId}`);
    return toPaymentsView(payment, payment.updatedAt);
  }
}
