import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Card, PaymentMethod } from '@bazaar/contracts';
import { CardSimulatorLedger } from '@bazaar/payments/data-access';
import {
  AuthorizationAnswer,
  AuthorizeRequest,
  CardProvider,
  cardBrandOf,
  last4Of,
  ProviderUnavailableError,
  SIMULATED_UNAVAILABLE_ATTEMPTS,
  simulatedAnswer,
  simulatedBehaviourOf,
  simulatedBehaviourOfToken,
  simulatedToken,
  VoidRequest,
} from '@bazaar/payments/domain';

export const CARD_SIMULATOR_SETTINGS = Symbol('CARD_SIMULATOR_SETTINGS');

export interface CardSimulatorSettings {
  /** How long the slow test card takes to be approved. */
  slowMs: number;
}

export const DEFAULT_SIMULATOR_SLOW_MS = 3000;

export const cardSimulatorSettingsProvider = {
  provide: CARD_SIMULATOR_SETTINGS,
  inject: [ConfigService],
  useFactory: (config: ConfigService): CardSimulatorSettings => ({ slowMs: Number(config.get('PAYMENTS_SIMULATOR_SLOW_MS') ?? DEFAULT_SIMULATOR_SLOW_MS) }),
};

const unique = () => randomBytes(12).toString('hex');

/**
 * A card provider that needs no account: the test cards (TEST_CARDS) do what their names say.
 * Its token encodes the card's behaviour, so no card is kept anywhere; its ledger (its own
 * collection) answers a repeated idempotency key with the first answer, as a real provider does.
 */
@Injectable()
export class SimulatedCardProvider implements CardProvider {
  constructor(
    private readonly ledger: CardSimulatorLedger,
    @Inject(CARD_SIMULATOR_SETTINGS) private readonly settings: CardSimulatorSettings,
  ) {}

  async tokenize(card: Card): Promise<PaymentMethod> {
    return { id: simulatedToken(simulatedBehaviourOf(card, new Date()), unique()), brand: cardBrandOf(card.number), last4: last4Of(card.number) };
  }

  async authorize({ idempotencyKey, paymentMethodId }: AuthorizeRequest): Promise<AuthorizationAnswer> {
    const first = await this.ledger.answerOf<AuthorizationAnswer>(idempotencyKey);
    if (first) return first;
    const behaviour = simulatedBehaviourOfToken(paymentMethodId);
    if (behaviour === 'fails_transiently' && (await this.ledger.simulateOutage(idempotencyKey, SIMULATED_UNAVAILABLE_ATTEMPTS))) {
      throw new ProviderUnavailableError('The card provider is unavailable (simulated outage)');
    }
    if (behaviour === 'slow') await sleep(this.settings.slowMs);
    return this.ledger.record(idempotencyKey, simulatedAnswer(behaviour, `auth_sim_${unique()}`));
  }

  async void({ idempotencyKey, authorizationId }: VoidRequest): Promise<void> {
    await this.ledger.record(idempotencyKey, { outcome: 'voided', authorizationId });
  }
}
