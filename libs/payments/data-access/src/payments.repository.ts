import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { EventEnvelope, PaymentStatus } from '@bazaar/contracts';
import type { Payment } from '@bazaar/payments/domain';
import { OutboxStore, PendingOutbox, SetAsideEvent, withSetAside } from '@bazaar/shared/messaging';
import { findOneGuarded, KeyedLock, updateOneById, updateOneGuarded } from '@bazaar/shared/mongo';
import { captureTraceContext } from '@bazaar/shared/observability';
import { PaymentsDocument } from './payments.schema';

const DUPLICATE_KEY = 11000;

/** The domain's payment with what storage adds. */
export interface StoredPayment extends Payment {
  updatedAt: Date;
}

/** Only documents with an event are sent, and set-aside ones are not sent again. */
const UNSENT = { sentAt: null, event: { $ne: null }, hasSetAside: { $ne: true } };

type PendingDocument = Pick<PaymentsDocument, '_id' | 'event' | 'traceContext'>;

const pendingOutbox = ({ _id, event, traceContext }: PendingDocument): PendingOutbox => ({
  aggregateId: _id,
  events: [{ event: event as unknown as EventEnvelope, traceContext }],
});

type PaymentFields = Omit<PaymentsDocument, '_id' | 'attempts' | 'event' | 'traceContext' | 'sentAt' | 'hasSetAside' | 'setAside' | 'createdAt' | 'updatedAt'>;

/** Every field of the payment's state but `attempts`, which only counting changes (countAttempt, apply's countAttempt). */
const fieldsOf = ({ status, amount, method, stockReserved, declineReason, declineMessage, authorizationId }: Payment): PaymentFields => ({
  status,
  amount: amount?.amount ?? null,
  currency: amount?.currency ?? null,
  paymentMethodId: method?.id ?? null,
  brand: method?.brand ?? null,
  last4: method?.last4 ?? null,
  stockReserved,
  declineReason,
  declineMessage,
  authorizationId,
});

function toStoredPayment(document: PaymentsDocument): StoredPayment {
  const { _id, status, amount, currency, paymentMethodId, brand, last4, stockReserved, attempts, declineReason, declineMessage, authorizationId, updatedAt } = document;
  return {
    orderId: _id,
    status,
    amount: amount !== null && currency !== null ? { amount, currency } : null,
    method: paymentMethodId !== null && brand !== null && last4 !== null ? { id: paymentMethodId, brand, last4 } : null,
    stockReserved,
    attempts,
    declineReason,
    declineMessage,
    authorizationId,
    updatedAt,
  };
}

/**
 * Payments' own data: one document per order (see PaymentsDocument), which is also its outbox.
 * Every update is conditional on the state it was decided from, so of two deliveries or two
 * instances racing, one applies and the other finds the payment moved on (on MongoDB across
 * instances; on FerretDB the updates of one document are serialised in this process, see
 * updateOneGuarded). Creating a payment is an insert keyed by the order id, atomic on any server.
 */
@Injectable()
export class PaymentsRepository implements OutboxStore {
  private readonly paymentLock = new KeyedLock();

  constructor(@InjectModel(PaymentsDocument.name) private readonly payments: Model<PaymentsDocument>) {}

  async findById(orderId: string): Promise<StoredPayment | null> {
    const found = await this.payments.findById(orderId).lean<PaymentsDocument>().exec();
    return found && toStoredPayment(found);
  }

  /** `duplicate`: the order already has a payment (the `_id` index decides, on any MongoDB-wire server); nothing was written. */
  async insert(payment: Payment): Promise<'inserted' | 'duplicate'> {
    try {
      await this.payments.create({ _id: payment.orderId, ...fieldsOf(payment), attempts: payment.attempts, event: null, sentAt: null });
      return 'inserted';
    } catch (error) {
      if ((error as { code?: number }).code === DUPLICATE_KEY) return 'duplicate';
      throw error;
    }
  }

  /**
   * Stores the payment's new state, and the event announcing it when there is one, in one update
   * applied only while the payment is still `from`. False when it was not any more.
   */
  apply(payment: Payment, from: PaymentStatus, event: EventEnvelope | null, { countAttempt = false } = {}): Promise<boolean> {
    const announced = event ? { event: { ...event }, traceContext: captureTraceContext(), sentAt: null } : {};
    // countAttempt: the move to AUTHORIZING counts the provider call about to be made, in the same update.
    const counted = countAttempt ? { $inc: { attempts: 1 } } : {};
    return this.paymentLock.run(payment.orderId, () =>
      updateOneGuarded(this.payments, payment.orderId, { status: from }, { $set: { ...fieldsOf(payment), ...announced }, ...counted }),
    );
  }

  /** One more call to the provider is about to be made for this AUTHORIZING payment; false when it is not AUTHORIZING any more. */
  countAttempt(orderId: string): Promise<boolean> {
    return this.paymentLock.run(orderId, () => updateOneGuarded(this.payments, orderId, { status: 'AUTHORIZING' }, { $inc: { attempts: 1 } }));
  }

  /** A scan on FerretDB (it indexes only `_id`): the relay runs it seldom, as a sweep. */
  async findPending(limit: number): Promise<PendingOutbox[]> {
    const pending = await this.payments.find(UNSENT, { event: 1, traceContext: 1 }).sort({ createdAt: 1, _id: 1 }).limit(limit).lean<PendingDocument[]>().exec();
    return pending.map(pendingOutbox);
  }

  async findPendingOf(ids: string[]): Promise<PendingOutbox[]> {
    const found = await Promise.all(ids.map((_id) => findOneGuarded<PaymentsDocument, PendingDocument>(this.payments, _id, UNSENT, { event: 1, traceContext: 1 })));
    return found.filter((payment): payment is PendingDocument => payment !== null).map(pendingOutbox);
  }

  /**
   * A payment announces one event in its life (its outcome, decided once from AUTHORIZING), so
   * marking it sent needs no guard read: a second mark only moves `sentAt`.
   */
  async markSent(id: string, eventIds: string[], sentAt: Date): Promise<void> {
    if (eventIds.length === 0) return;
    await this.paymentLock.run(id, () => updateOneById(this.payments, id, {}, { $set: { sentAt } }, { timestamps: false }));
  }

  async setAside(id: string, events: SetAsideEvent[], at: Date): Promise<void> {
    await this.paymentLock.run(id, async () => {
      const current = await this.payments.findById(id, { setAside: 1 }).lean<Pick<PaymentsDocument, 'setAside'>>().exec();
      await updateOneGuarded(this.payments, id, { sentAt: null }, { $set: { hasSetAside: true, setAside: withSetAside(current?.setAside, events, at) } }, { timestamps: false });
    });
  }
}
