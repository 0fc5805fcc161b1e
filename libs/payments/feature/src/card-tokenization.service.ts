import { Inject, Injectable } from '@nestjs/common';
import { Card, PaymentMethod } from '@bazaar/contracts';
import { CardProvider, ProviderUnavailableError } from '@bazaar/payments/domain';
import { ServiceError } from '@bazaar/shared/rpc';
import { CARD_PROVIDER } from './card-provider.token';

/** Hands a card to the provider and answers its payment method; the card itself is kept nowhere. */
@Injectable()
export class CardTokenization {
  constructor(@Inject(CARD_PROVIDER) private readonly provider: CardProvider) {}

  async tokenize(card: Card): Promise<PaymentMethod> {
    try {
      return await this.provider.tokenize(card);
    } catch (error) {
      if (error instanceof ProviderUnavailableError) throw ServiceError.unavailable('card provider', error.message);
      throw error;
    }
  }
}
