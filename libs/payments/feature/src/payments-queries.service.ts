import { Injectable } from '@nestjs/common';
import { PaymentsView } from '@bazaar/contracts';
import { PaymentsRepository } from '@bazaar/payments/data-access';
import { toPaymentsView } from '@bazaar/payments/domain';
import { ServiceError } from '@bazaar/shared/rpc';

@Injectable()
export class PaymentsQueries {
  constructor(private readonly records: PaymentsRepository) {}

  async get(id: string): Promise<PaymentsView> {
    const record = await this.records.findById(id);
    if (!record) throw ServiceError.notFound('PAYMENTS_NOT_FOUND', `No payments record ${id}`);
    return toPaymentsView(record);
  }
}
