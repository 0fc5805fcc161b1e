import type { Money } from '@bazaar/contracts';

export function moneyEquals(a: Money, b: Money): boolean {
  return a.amount === b.amount && a.currency === b.currency;
}

export function multiplyMoney(money: Money, factor: number): Money {
  return { amount: money.amount * factor, currency: money.currency };
}

/** Sums amounts in minor units; every item must be in `currency`, so a mix is a bug, not a rounding question. */
export function sumMoney(items: readonly Money[], currency: string): Money {
  let amount = 0;
  for (const item of items) {
    if (item.currency !== currency) throw new Error(`Cannot add ${item.currency} to a ${currency} total`);
    amount += item.amount;
  }
  return { amount, currency };
}
