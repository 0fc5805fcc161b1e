import { describe, expect, it } from 'vitest';
import { formatMoney } from './money';

describe('formatMoney', () => {
  it('formats cents in the shopper’s locale', () => {
    expect(formatMoney({ amount: 1250, currency: 'EUR' }, 'en-US')).toBe('€12.50');
    expect(formatMoney({ amount: 1250, currency: 'EUR' }, 'de-DE')).toBe('12,50\u00a0€');
    expect(formatMoney({ amount: 123456, currency: 'USD' }, 'en-US')).toBe('$1,234.56');
  });

  it('knows currencies without a minor unit', () => {
    expect(formatMoney({ amount: 1500, currency: 'JPY' }, 'en-US')).toBe('¥1,500');
  });
});
