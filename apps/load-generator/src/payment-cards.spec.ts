import { cardSchema, TEST_CARDS } from '@bazaar/contracts';
import { CARD_MIX, paymentFor } from './payment-cards';

describe('paymentFor', () => {
  it('pays mostly with approving cards and sometimes with one declined for insufficient funds', () => {
    const numbers = Array.from({ length: 1000 }, (_, i) => paymentFor(i / 1000).card.number);
    const share = (number: string) => numbers.filter((n) => n === number).length / numbers.length;
    expect(share(TEST_CARDS.approves) + share(TEST_CARDS.approvesMastercard)).toBeCloseTo(0.9, 2);
    expect(share(TEST_CARDS.insufficientFunds)).toBeCloseTo(0.1, 2);
    expect(CARD_MIX.insufficientFunds).toBeGreaterThan(0);
  });

  it('sends cards the gateway accepts (valid number, a future MM/YY expiry, a CVC)', () => {
    for (const random of [0, 0.85, 0.95]) {
      const { card } = paymentFor(random);
      expect(() => cardSchema.parse(card)).not.toThrow();
      const [month, year] = card.expiry.split('/').map(Number);
      expect(new Date(2000 + year, month).getTime()).toBeGreaterThan(Date.now());
    }
  });
});
