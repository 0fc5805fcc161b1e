import { DECLINE_REASONS } from '@bazaar/contracts';
import { declineMessage } from './decline-message';

describe('declineMessage', () => {
  it('names the reason and the card by brand and last four digits', () => {
    expect(declineMessage('INSUFFICIENT_FUNDS', { brand: 'visa', last4: '9995' })).toBe('Payment declined: insufficient funds (visa ending 9995)');
  });

  it('says there was no card when none was given', () => {
    expect(declineMessage('NO_PAYMENT_METHOD', null)).toBe('Payment declined: no payment method was given');
  });

  it('has a text for every reason', () => {
    for (const reason of DECLINE_REASONS) expect(declineMessage(reason, null)).toMatch(/^Payment declined: \w/);
  });
});
