import type { Card, DeclineReason, Money, PaymentMethod } from '@bazaar/contracts';

export interface AuthorizeRequest {
  /** The same key always gets the provider's first answer: a repeated call never charges twice. */
  idempotencyKey: string;
  paymentMethodId: string;
  amount: Money;
}

export type AuthorizationAnswer = { outcome: 'approved'; authorizationId: string } | { outcome: 'declined'; reason: DeclineReason };

export interface VoidRequest {
  idempotencyKey: string;
  authorizationId: string;
}

/**
 * The card provider payments talks to (the extension point: the simulator by default, a real
 * provider's adapter in its place). Every call may throw ProviderUnavailableError: the provider
 * could not answer, and the same call with the same idempotency key may be made again.
 */
export interface CardProvider {
  tokenize(card: Card): Promise<PaymentMethod>;
  authorize(request: AuthorizeRequest): Promise<AuthorizationAnswer>;
  void(request: VoidRequest): Promise<void>;
}

/** The provider did not answer (down, timed out, said "try again"): nothing was decided. */
export class ProviderUnavailableError extends Error {
  override readonly name = 'ProviderUnavailableError';
}
