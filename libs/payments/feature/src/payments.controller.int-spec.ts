import { INestApplicationContext } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { getConnectionToken } from '@nestjs/mongoose';
import { Test } from '@nestjs/testing';
import { Connection } from 'mongoose';
import { TEST_CARDS } from '@bazaar/contracts';
import { PaymentsDataAccessModule, PaymentsRepository } from '@bazaar/payments/data-access';
import { paymentAwaitingStock } from '@bazaar/payments/domain';
import { MongoConnectionModule } from '@bazaar/shared/mongo';
import { requireServer, uniqueName } from '@bazaar/shared/testing';
import { CARD_PROVIDER } from './card-provider.token';
import { CardTokenization } from './card-tokenization.service';
import { PaymentsController } from './payments.controller';
import { PaymentsQueries } from './payments-queries.service';
import { cardSimulatorSettingsProvider, SimulatedCardProvider } from './simulated-card.provider';

describe('PaymentsController (real MongoDB wire protocol)', () => {
  let app: INestApplicationContext;
  let controller: PaymentsController;
  let payments: PaymentsRepository;

  beforeAll(async () => {
    const env = { MONGO_URL: await requireServer('mongodb'), MONGO_DB: uniqueName('it-payments') };
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [() => env] }), MongoConnectionModule, PaymentsDataAccessModule],
      controllers: [PaymentsController],
      providers: [PaymentsQueries, CardTokenization, cardSimulatorSettingsProvider, { provide: CARD_PROVIDER, useClass: SimulatedCardProvider }],
    }).compile();
    app = await moduleRef.init();
    controller = app.get(PaymentsController);
    payments = app.get(PaymentsRepository);
  });
  afterAll(async () => {
    await app?.get<Connection>(getConnectionToken()).dropDatabase();
    await app?.close();
  });

  it("answers an order's payment by order id: status, amount, brand and last four digits", async () => {
    const orderId = uniqueName('order');
    await payments.insert(paymentAwaitingStock({ orderId, total: { amount: 4598, currency: 'EUR' }, payment: { id: 'pm_sim_approves_1', brand: 'visa', last4: '4242' } }));
    await expect(controller.get({ id: orderId })).resolves.toEqual({
      id: orderId,
      status: 'AWAITING_STOCK',
      amount: { amount: 4598, currency: 'EUR' },
      brand: 'visa',
      last4: '4242',
      declineReason: null,
      attempts: 0,
      updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  it('answers 404 PAYMENTS_NOT_FOUND for an unknown order and 400 for a malformed request', async () => {
    await expect(controller.get({ id: 'no-such-order' })).rejects.toMatchObject({ statusCode: 404, code: 'PAYMENTS_NOT_FOUND' });
    expect(() => controller.get({ id: '' })).toThrow(/^id: /);
  });

  it('tokenizes a card into a payment method that carries its behaviour, brand and last four digits', async () => {
    const method = await controller.tokenizeCard({ card: { number: TEST_CARDS.insufficientFunds, expiry: '12/40', cvc: '123' } });
    expect(method).toEqual({ id: expect.stringMatching(/^pm_sim_insufficient_funds_[0-9a-f]+$/), brand: 'visa', last4: '9995' });
    await expect(controller.tokenizeCard({ card: { number: TEST_CARDS.approvesMastercard, expiry: '12/40', cvc: '123' } })).resolves.toMatchObject({ brand: 'mastercard', last4: '4444' });
  });

  it('rejects a mistyped card with 400 VALIDATION_FAILED naming the field, never echoing the number', () => {
    const call = () => controller.tokenizeCard({ card: { number: '4242 4242 4242 4241', expiry: '13/40', cvc: '123' } });
    expect(call).toThrow(expect.objectContaining({ statusCode: 400, code: 'VALIDATION_FAILED', message: 'card.number: is not a valid card number (its check digit is wrong); card.expiry: must be MM/YY' }));
  });
});
