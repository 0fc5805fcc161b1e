import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { getPaymentsRequestSchema, PaymentsPatterns } from '@bazaar/contracts';
import { parseRequest } from '@bazaar/shared/rpc';
import { PaymentsQueries } from './payments-queries.service';

@Controller()
export class PaymentsController {
  constructor(private readonly queries: PaymentsQueries) {}

  @MessagePattern(PaymentsPatterns.get)
  get(data: unknown) {
    return this.queries.get(parseRequest(getPaymentsRequestSchema, data).id);
  }
}
