import { describe, expect, it } from 'vitest';
import { cardLabel } from './card';

describe('cardLabel', () => {
  it('names the brand and shows the last four digits only', () => {
    expect(cardLabel({ brand: 'visa', last4: '4242' })).toBe('Visa •••• 4242');
    expect(cardLabel({ brand: 'mastercard', last4: '4444' })).toBe('Mastercard •••• 4444');
    expect(cardLabel({ brand: 'unknown', last4: '0005' })).toBe('Card •••• 0005');
  });
});
