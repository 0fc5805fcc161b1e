import { Inject, Injectable, Logger } from '@nestjs/common';
import { PaymentStatus } from '@bazaar/contracts';
import { PaymentsRepository, StoredPayment } from '@bazaar/payments/data-access';
import {
  AuthorizationAnswer,
  authorizationRequest,
  authorizePayment,
  cancelPayment,
  CardProvider,
  declinePayment,
  joinOrderPlaced,
  joinStockReserved,
  Payment,
  paymentAwaitingOrder,
  paymentAwaitingStock,
  paymentCancelledUnseen,
  PaymentTransition,
  PlacedOrder,
  unsettledAuthorization,
  voidKey,
  voidPayment,
} from '@bazaar/payments/domain';
import { NonRetryableEventError, OutboxRelay } from '@bazaar/shared/messaging';
import { KeyedLock } from '@bazaar/shared/mongo';
import { inSpan } from '@bazaar/shared/observability';
import { CARD_PROVIDER } from './card-provider.token';
import { outcomeEvent } from './payments-events';

/** The payment moved on between its read and the conditional update: handling the event again reads it anew. */
export class PaymentRaceError extends Error {
  override readonly name = 'PaymentRaceError';

  constructor(readonly orderId: string) {
    super(`The payment of order ${orderId} changed while it was being updated; retrying reads it again`);
  }
}

const RACE_ROUNDS = 3;

/**
 * Payments' side of the checkout saga. The payment of an order joins OrderPlaced and StockReserved,
 * which travel on different topics and may come in either order: the first creates it (an insert
 * keyed by the order id, so of two first events one creates it and the other is second), the second
 * moves it to AUTHORIZING and asks the provider with the key `authorize:<orderId>`. The outcome and
 * its event are one conditional update (`{_id, status: AUTHORIZING}`).
 *
 * Every step is idempotent (the consumer keeps no processed-event record for them): a redelivery, a
 * second instance, or the retry after a provider outage finds the payment where it is and carries
 * on from there. The provider answers a repeated key with its first answer, so nothing is charged
 * twice; a payment left AUTHORIZING (an outage, a crash) is resumed by the next delivery of either event.
 */
@Injectable()
export class PaymentAuthorizations {
  private readonly logger = new Logger(PaymentAuthorizations.name);
  /** Deliveries of one order in this process run one after the other. */
  private readonly orderLock = new KeyedLock();

  constructor(
    private readonly payments: PaymentsRepository,
    private readonly relay: OutboxRelay,
    @Inject(CARD_PROVIDER) private readonly provider: CardProvider,
  ) {}

  orderPlaced(order: PlacedOrder): Promise<PaymentStatus> {
    return this.join(order.orderId, paymentAwaitingStock(order), (payment) => joinOrderPlaced(payment, order));
  }

  stockReserved(orderId: string): Promise<PaymentStatus> {
    return this.join(orderId, paymentAwaitingOrder(orderId), joinStockReserved);
  }

  /** Before an authorization: CANCELLED, never authorized later. After one: voided at the provider, VOIDED. */
  orderCancelled(orderId: string): Promise<PaymentStatus> {
    return inSpan('cancel payment', { 'bazaar.order.id': orderId }, () =>
      this.settle(orderId, async () => {
        if ((await this.payments.insert(paymentCancelledUnseen(orderId))) === 'inserted') return 'CANCELLED';
        const current = await this.read(orderId);
        const cancelled = cancelPayment(current);
        if (cancelled.outcome === 'void') return this.voidAuthorization(current, cancelled.authorizationId);
        return this.store(current, cancelled);
      }),
    );
  }

  private join(orderId: string, first: Payment, second: (payment: Payment) => PaymentTransition): Promise<PaymentStatus> {
    return inSpan('join payment', { 'bazaar.order.id': orderId }, () =>
      this.settle(orderId, async () => {
        if ((await this.payments.insert(first)) === 'inserted') return first.status;
        const current = await this.read(orderId);
        const joined = second(current);
        if (joined.outcome === 'changed') {
          // The first provider call is counted by the move to AUTHORIZING itself: one conditional update, not two.
          const counted = authorizationRequest(joined.payment) !== null;
          await this.store(current, joined, { countAttempt: counted });
          return this.authorize(joined.payment, counted);
        }
        // Left AUTHORIZING by a provider outage or a crash: this delivery carries on.
        if (current.status === 'AUTHORIZING') return this.authorize(current);
        const unsettled = unsettledAuthorization(current);
        if (unsettled) return this.voidUnsettled(current, await this.provider.authorize(unsettled));
        return current.status;
      }),
    );
  }

  /**
   * Runs one delivery's step under the order's lock, again from a fresh read when another delivery
   * or instance moved the payment in between (a few rounds; then the consumer retries the event).
   * Every step is safe to repeat: the provider answers a repeated key with its first answer.
   */
  private settle(orderId: string, step: () => Promise<PaymentStatus>): Promise<PaymentStatus> {
    return this.orderLock.run(orderId, async () => {
      for (let round = 1; ; round++) {
        try {
          return await step();
        } catch (error) {
          if (!(error instanceof PaymentRaceError) || round >= RACE_ROUNDS) throw error;
        }
      }
    });
  }

  /** `counted`: the attempt about to be made is already counted (by the update that moved the payment to AUTHORIZING). */
  private authorize(payment: Payment, counted = false): Promise<PaymentStatus> {
    const { orderId } = payment;
    return inSpan('authorize payment', { 'bazaar.order.id': orderId }, async () => {
      const request = authorizationRequest(payment);
      if (!request) return this.decide(payment, declinePayment(payment, 'NO_PAYMENT_METHOD'), null);
      // Counted before the call, so an attempt the provider failed counts too.
      if (!counted && !(await this.payments.countAttempt(orderId))) return (await this.read(orderId)).status;
      const answer = await this.provider.authorize(request);
      const decided = answer.outcome === 'approved' ? authorizePayment(payment, answer.authorizationId) : declinePayment(payment, answer.reason);
      return this.decide(payment, decided, answer);
    });
  }

  /** Stores the outcome with its event; if the payment moved on meanwhile, makes sure an approval it lost to a cancellation is voided. */
  private async decide(payment: Payment, decided: PaymentTransition, answer: AuthorizationAnswer | null): Promise<PaymentStatus> {
    const { orderId } = payment;
    const event = decided.outcome === 'changed' ? outcomeEvent(decided.payment) : null;
    if (decided.outcome === 'changed' && (await this.payments.apply(decided.payment, decided.from, event))) {
      // The outcome is the payment's one event: nothing older can wait in its outbox.
      if (event) this.relay.nudge(orderId, [event]);
      this.logger.log({ msg: 'payment decided', orderId, status: decided.payment.status, declineReason: decided.payment.declineReason });
      return decided.payment.status;
    }
    const current = await this.read(orderId);
    if (current.status === 'CANCELLED' && answer?.outcome === 'approved') {
      this.logger.warn({ msg: 'order cancelled while its payment was being authorized: voiding the authorization', orderId });
      return this.voidAuthorization(current, answer.authorizationId);
    }
    if (current.status === 'AUTHORIZING') throw new PaymentRaceError(orderId);
    // Another delivery decided first, with the provider's same first answer.
    return current.status;
  }

  /** The answer to an authorization nobody recorded, for a cancelled order: an approval is voided. */
  private voidUnsettled(payment: Payment, answer: AuthorizationAnswer): Promise<PaymentStatus> {
    if (answer.outcome !== 'approved') return Promise.resolve(payment.status);
    this.logger.warn({ msg: 'voiding an authorization that was never recorded, of a cancelled order', orderId: payment.orderId });
    return this.voidAuthorization(payment, answer.authorizationId);
  }

  private async voidAuthorization(payment: Payment, authorizationId: string): Promise<PaymentStatus> {
    await this.provider.void({ idempotencyKey: voidKey(payment.orderId), authorizationId });
    return this.store(payment, voidPayment(payment, authorizationId));
  }

  /** Stores a transition that announces nothing (AUTHORIZING, CANCELLED, VOIDED), conditional on the state it was decided from. */
  private async store(payment: Payment, transition: PaymentTransition, options: { countAttempt?: boolean } = {}): Promise<PaymentStatus> {
    switch (transition.outcome) {
      case 'unchanged':
        return payment.status;
      case 'rejected':
        throw new NonRetryableEventError(transition.reason);
      case 'changed':
        if (!(await this.payments.apply(transition.payment, transition.from, null, options))) throw new PaymentRaceError(payment.orderId);
        return transition.payment.status;
    }
  }

  private async read(orderId: string): Promise<StoredPayment> {
    const payment = await this.payments.findById(orderId);
    // Payments are never deleted: one that was inserted or found a duplicate is there.
    if (!payment) throw new Error(`The payment of order ${orderId} is missing`);
    return payment;
  }
}
