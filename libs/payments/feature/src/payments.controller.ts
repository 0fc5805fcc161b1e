import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { getPaymentsRequestSchema, PaymentsPatterns, tokenizeCardRequestSchema } from '@bazaar/contracts';
import { parseRequest } from '@bazaar/shared/rpc';
import { CardTokenization } from './card-tokenization.service';
import { PaymentsQueries } from './payments-queries.service';

@Controller()
export class PaymentsController {
  constructor(
    private readonly queries: PaymentsQueries,
    private readonly cards: CardTokenization,
  ) {}

  @MessagePattern(PaymentsPatterns.get)
  get(data: unknown) {
    return this.queries.get(parseRequest(getPaymentsRequestSchema, data).id);
  }

  /** A validation error names the field and what is wrong with it, never the digits. */
  @MessagePattern(PaymentsPatterns.tokenizeCard)
  tokenizeCard(data: unknown) {
    return this.cards.tokenize(parseRequest(tokenizeCardRequestSchema, data).card);
  }
}
