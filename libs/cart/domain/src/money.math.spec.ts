import { moneyEquals, multiplyMoney, sumMoney } from './money.math';

describe('money math', () => {
  it('compares amount and currency', () => {
    expect(moneyEquals({ amount: 100, currency: 'EUR' }, { amount: 100, currency: 'EUR' })).toBe(true);
    expect(moneyEquals({ amount: 100, currency: 'EUR' }, { amount: 101, currency: 'EUR' })).toBe(false);
    expect(moneyEquals({ amount: 100, currency: 'EUR' }, { amount: 100, currency: 'USD' })).toBe(false);
  });

  it('multiplies in minor units', () => {
    expect(multiplyMoney({ amount: 1999, currency: 'EUR' }, 3)).toEqual({ amount: 5997, currency: 'EUR' });
  });

  it('sums in one currency and refuses a mix', () => {
    expect(sumMoney([], 'EUR')).toEqual({ amount: 0, currency: 'EUR' });
    expect(sumMoney([{ amount: 1, currency: 'EUR' }, { amount: 2, currency: 'EUR' }], 'EUR')).toEqual({ amount: 3, currency: 'EUR' });
    expect(() => sumMoney([{ amount: 1, currency: 'USD' }], 'EUR')).toThrow('Cannot add USD to a EUR total');
  });
});
