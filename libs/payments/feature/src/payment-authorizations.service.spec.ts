import { PaymentStatus } from '@bazaar/contracts';
import { PaymentsRepository, StoredPayment } from '@bazaar/payments/data-access';
import { AuthorizationAnswer, CardProvider, Payment, ProviderUnavailableError } from '@bazaar/payments/domain';
import { classifyFailure, OutboxRelay } from '@bazaar/shared/messaging';
import { cardProviderUnavailable } from './card-provider-unavailable.classifier';
import { PaymentAuthorizations, PaymentRaceError } from './payment-authorizations.service';

/** The repository's contract in memory: inserts keyed by order id, updates conditional on the status. */
class FakePayments {
  readonly stored = new Map<string, StoredPayment>();
  readonly events: { orderId: string; type: string; id: string }[] = [];
  /** Run one each before the next conditional updates: another delivery or instance acting in between. */
  beforeApply: ((() => void) | undefined)[] = [];

  /** Another delivery or instance moves the payment. */
  move(orderId: string, changes: Partial<Payment>) {
    const current = this.stored.get(orderId);
    if (current) this.stored.set(orderId, { ...current, ...changes });
  }

  async findById(orderId: string) {
    const found = this.stored.get(orderId);
    return found ? { ...found } : null;
  }

  async insert(payment: Payment) {
    if (this.stored.has(payment.orderId)) return 'duplicate' as const;
    this.stored.set(payment.orderId, { ...payment, updatedAt: new Date() });
    return 'inserted' as const;
  }

  async apply(payment: Payment, from: PaymentStatus, event: { id: string; type: string } | null, { countAttempt = false } = {}) {
    this.beforeApply.shift()?.();
    const current = this.stored.get(payment.orderId);
    if (current?.status !== from) return false;
    this.stored.set(payment.orderId, { ...payment, attempts: current.attempts + (countAttempt ? 1 : 0), updatedAt: new Date() });
    if (event) this.events.push({ orderId: payment.orderId, type: event.type, id: event.id });
    return true;
  }

  countAttempts = 0;
  async countAttempt(orderId: string) {
    this.countAttempts++;
    const current = this.stored.get(orderId);
    if (current?.status !== 'AUTHORIZING') return false;
    current.attempts++;
    return true;
  }
}

class FakeProvider implements CardProvider {
  readonly calls: string[] = [];
  answers: (AuthorizationAnswer | Error)[] = [];

  async tokenize(): Promise<never> {
    throw new Error('not used');
  }

  async authorize({ idempotencyKey }: { idempotencyKey: string }): Promise<AuthorizationAnswer> {
    this.calls.push(idempotencyKey);
    const next = this.answers.shift() ?? { outcome: 'approved', authorizationId: 'auth_1' };
    if (next instanceof Error) throw next;
    return next;
  }

  async void({ idempotencyKey }: { idempotencyKey: string }): Promise<void> {
    this.calls.push(idempotencyKey);
  }
}

const total = { amount: 1000, currency: 'EUR' };
const method = { id: 'pm_sim_approves_1', brand: 'visa' as const, last4: '4242' };

describe('PaymentAuthorizations (fakes)', () => {
  let payments: FakePayments;
  let provider: FakeProvider;
  let service: PaymentAuthorizations;

  beforeEach(() => {
    payments = new FakePayments();
    provider = new FakeProvider();
    service = new PaymentAuthorizations(payments as unknown as PaymentsRepository, { nudge: () => undefined } as unknown as OutboxRelay, provider);
  });

  it('the first of OrderPlaced and StockReserved waits; the second authorizes with the key of the order', async () => {
    await expect(service.stockReserved('o1')).resolves.toBe('AWAITING_ORDER');
    await expect(service.stockReserved('o1')).resolves.toBe('AWAITING_ORDER');
    expect(provider.calls).toEqual([]);
    await expect(service.orderPlaced({ orderId: 'o1', total, payment: method })).resolves.toBe('AUTHORIZED');
    expect(provider.calls).toEqual(['authorize:o1']);
    expect(payments.events).toEqual([{ orderId: 'o1', type: 'PaymentAuthorized.v1', id: expect.any(String) }]);
    await expect(service.orderPlaced({ orderId: 'o1', total, payment: method })).resolves.toBe('AUTHORIZED');
    expect(provider.calls).toHaveLength(1);
  });

  it('counts the first provider call in the update that moves the payment to AUTHORIZING: no update of its own', async () => {
    await service.orderPlaced({ orderId: 'o1', total, payment: method });
    await expect(service.stockReserved('o1')).resolves.toBe('AUTHORIZED');
    expect(payments.stored.get('o1')).toMatchObject({ status: 'AUTHORIZED', attempts: 1 });
    expect(payments.countAttempts).toBe(0);
  });

  it('a provider outage leaves the payment AUTHORIZING with the attempt counted; the next delivery resumes it', async () => {
    provider.answers = [new ProviderUnavailableError('down'), new ProviderUnavailableError('down')];
    await service.orderPlaced({ orderId: 'o1', total, payment: method });
    for (let i = 0; i < 2; i++) await expect(service.stockReserved('o1')).rejects.toBeInstanceOf(ProviderUnavailableError);
    expect(payments.stored.get('o1')).toMatchObject({ status: 'AUTHORIZING', attempts: 2 });
    // OrderPlaced delivered again resumes it too.
    await expect(service.orderPlaced({ orderId: 'o1', total, payment: method })).resolves.toBe('AUTHORIZED');
    expect(payments.stored.get('o1')).toMatchObject({ status: 'AUTHORIZED', attempts: 3 });
    expect(provider.calls).toEqual(['authorize:o1', 'authorize:o1', 'authorize:o1']);
  });

  it('an outcome another delivery stored first is kept, and announced once', async () => {
    await service.orderPlaced({ orderId: 'o1', total, payment: method });
    payments.beforeApply = [undefined, () => payments.move('o1', { status: 'AUTHORIZED', authorizationId: 'auth_1' })];
    await expect(service.stockReserved('o1')).resolves.toBe('AUTHORIZED');
    expect(payments.events).toEqual([]);
  });

  it('an approval that lost the race to a cancellation is voided at the provider', async () => {
    await service.orderPlaced({ orderId: 'o1', total, payment: method });
    // The join moves it to AUTHORIZING; the cancellation lands before the outcome is stored.
    payments.beforeApply = [undefined, () => payments.move('o1', { status: 'CANCELLED' })];
    await expect(service.stockReserved('o1')).resolves.toBe('VOIDED');
    expect(provider.calls).toEqual(['authorize:o1', 'void:o1']);
    expect(payments.stored.get('o1')).toMatchObject({ status: 'VOIDED', authorizationId: 'auth_1' });
    expect(payments.events).toEqual([]);
  });

  it('an approval never recorded (its delivery stopped after the provider answered) of an order cancelled meanwhile is voided by the redelivery', async () => {
    await service.orderPlaced({ orderId: 'o1', total, payment: method });
    payments.move('o1', { status: 'CANCELLED', stockReserved: true, attempts: 1 });
    await expect(service.stockReserved('o1')).resolves.toBe('VOIDED');
    expect(provider.calls).toEqual(['authorize:o1', 'void:o1']);
    expect(payments.stored.get('o1')).toMatchObject({ status: 'VOIDED', authorizationId: 'auth_1' });
    await expect(service.stockReserved('o1')).resolves.toBe('VOIDED');
    expect(provider.calls).toHaveLength(2);
  });

  it('a decline that lost the race to a cancellation leaves it CANCELLED', async () => {
    provider.answers = [{ outcome: 'declined', reason: 'CARD_DECLINED' }];
    await service.orderPlaced({ orderId: 'o1', total, payment: method });
    payments.beforeApply = [undefined, () => payments.move('o1', { status: 'CANCELLED' })];
    await expect(service.stockReserved('o1')).resolves.toBe('CANCELLED');
    expect(provider.calls).toEqual(['authorize:o1']);
  });

  it('a payment moved on between read and update is read anew: two deliveries joining at once both end AUTHORIZED', async () => {
    await service.orderPlaced({ orderId: 'o1', total, payment: method });
    // The other delivery moved it to AUTHORIZING first: this one resumes the authorization (same key, same answer).
    payments.beforeApply = [() => payments.move('o1', { status: 'AUTHORIZING', stockReserved: true })];
    await expect(service.stockReserved('o1')).resolves.toBe('AUTHORIZED');
    expect(payments.stored.get('o1')).toMatchObject({ status: 'AUTHORIZED', attempts: 1 });
  });

  it('a payment that keeps moving fails the delivery after a few rounds, for the consumer to retry', async () => {
    await service.orderPlaced({ orderId: 'o1', total, payment: method });
    // Every conditional update finds the payment moved on.
    payments.apply = async () => false;
    await expect(service.stockReserved('o1')).rejects.toBeInstanceOf(PaymentRaceError);
    expect(provider.calls).toEqual([]);
  });

  it('OrderCancelled first leaves a cancelled payment that neither later event authorizes', async () => {
    await expect(service.orderCancelled('o1')).resolves.toBe('CANCELLED');
    await expect(service.orderPlaced({ orderId: 'o1', total, payment: method })).resolves.toBe('CANCELLED');
    await expect(service.stockReserved('o1')).resolves.toBe('CANCELLED');
    expect(provider.calls).toEqual([]);
  });

  it('makes the provider being unavailable a transient failure: the consumer waits, never parks', () => {
    expect(classifyFailure(new ProviderUnavailableError('down'), [cardProviderUnavailable])).toEqual({ kind: 'transient', dependency: 'card provider' });
    expect(classifyFailure(new Error('boom'), [cardProviderUnavailable])).toEqual({ kind: 'unknown' });
  });
});
