import { ConfigModule } from '@nestjs/config';
import { getConnectionToken } from '@nestjs/mongoose';
import { Test, TestingModule } from '@nestjs/testing';
import { Connection } from 'mongoose';
import { createEvent, PaymentAuthorized } from '@bazaar/contracts';
import { authorizePayment, joinStockReserved, Payment, paymentAwaitingStock } from '@bazaar/payments/domain';
import { MongoConnectionModule } from '@bazaar/shared/mongo';
import { requireServer, uniqueName } from '@bazaar/shared/testing';
import { CardSimulatorLedger } from './card-simulator-ledger.repository';
import { PaymentsDataAccessModule } from './payments-data-access.module';
import { PaymentsRepository } from './payments.repository';

const changed = (result: { outcome: string; payment?: Payment }): Payment => {
  if (result.outcome !== 'changed' || !result.payment) throw new Error(`expected a change, got ${result.outcome}`);
  return result.payment;
};

describe('payments data (real MongoDB wire protocol)', () => {
  let moduleRef: TestingModule;
  let payments: PaymentsRepository;
  let ledger: CardSimulatorLedger;

  beforeAll(async () => {
    const env = { MONGO_URL: await requireServer('mongodb'), MONGO_DB: uniqueName('it-payments-data') };
    moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [() => env] }), MongoConnectionModule, PaymentsDataAccessModule],
    }).compile();
    await moduleRef.init();
    payments = moduleRef.get(PaymentsRepository);
    ledger = moduleRef.get(CardSimulatorLedger);
  });
  afterAll(async () => {
    await moduleRef?.get<Connection>(getConnectionToken()).dropDatabase();
    await moduleRef?.close();
  });

  const placed = () => paymentAwaitingStock({ orderId: uniqueName('order'), total: { amount: 4598, currency: 'EUR' }, payment: { id: 'pm_sim_approves_1', brand: 'visa', last4: '4242' } });

  it('creates one payment per order: a second insert of the order is a duplicate and changes nothing', async () => {
    const payment = placed();
    await expect(payments.insert(payment)).resolves.toBe('inserted');
    await expect(payments.insert({ ...payment, status: 'CANCELLED' })).resolves.toBe('duplicate');
    await expect(payments.findById(payment.orderId)).resolves.toEqual({ ...payment, updatedAt: expect.any(Date) });
  });

  it('applies a transition only from the state it was decided from: of two racing ones, one applies', async () => {
    const payment = placed();
    await payments.insert(payment);
    const authorizing = changed(joinStockReserved(payment));
    const results = await Promise.all([payments.apply(authorizing, 'AWAITING_STOCK', null), payments.apply(authorizing, 'AWAITING_STOCK', null)]);
    expect(results.sort()).toEqual([false, true]);

    await expect(Promise.all([payments.countAttempt(payment.orderId), payments.countAttempt(payment.orderId)])).resolves.toEqual([true, true]);
    const authorized = changed(authorizePayment(authorizing, 'auth_1'));
    const event = createEvent(PaymentAuthorized, { orderId: payment.orderId, authorizationId: 'auth_1', amount: { amount: 4598, currency: 'EUR' }, brand: 'visa', last4: '4242' }, { source: 'payments' });
    await expect(payments.apply(authorized, 'AUTHORIZING', event)).resolves.toBe(true);
    await expect(payments.countAttempt(payment.orderId)).resolves.toBe(false);
    await expect(payments.findById(payment.orderId)).resolves.toMatchObject({ status: 'AUTHORIZED', attempts: 2, authorizationId: 'auth_1', stockReserved: true });

    await expect(payments.findPendingOf([payment.orderId])).resolves.toEqual([{ aggregateId: payment.orderId, events: [{ event, traceContext: expect.any(Object) }] }]);
    await payments.markSent(payment.orderId, [event.id], new Date());
    await expect(payments.findPendingOf([payment.orderId])).resolves.toEqual([]);
  });

  it("the simulator's ledger answers a repeated key with its first answer, also when callers race", async () => {
    const key = uniqueName('authorize');
    const answers = await Promise.all([ledger.record(key, { outcome: 'approved', authorizationId: 'first' }), ledger.record(key, { outcome: 'approved', authorizationId: 'second' })]);
    expect(answers).toEqual([
      { outcome: 'approved', authorizationId: 'first' },
      { outcome: 'approved', authorizationId: 'first' },
    ]);
    await expect(ledger.answerOf(key)).resolves.toEqual({ outcome: 'approved', authorizationId: 'first' });
  });

  it("simulates a key's first outages, counted in its entry, then records the answer beside them", async () => {
    const key = uniqueName('authorize');
    await expect(ledger.answerOf(key)).resolves.toBeNull();
    await expect(ledger.simulateOutage(key, 2)).resolves.toBe(true);
    await expect(ledger.simulateOutage(key, 2)).resolves.toBe(true);
    await expect(ledger.simulateOutage(key, 2)).resolves.toBe(false);
    await expect(ledger.outagesOf(key)).resolves.toBe(2);
    await expect(ledger.record(key, { outcome: 'approved', authorizationId: 'a' })).resolves.toEqual({ outcome: 'approved', authorizationId: 'a' });
    await expect(ledger.record(key, { outcome: 'declined', reason: 'CARD_DECLINED' })).resolves.toEqual({ outcome: 'approved', authorizationId: 'a' });
    await expect(ledger.outagesOf(key)).resolves.toBe(2);
  });
});
