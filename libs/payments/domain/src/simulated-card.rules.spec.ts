import { cardSchema, TEST_CARDS } from '@bazaar/contracts';
import { cardBrandOf, last4Of, simulatedAnswer, simulatedBehaviourOf, simulatedBehaviourOfToken, simulatedToken } from './simulated-card.rules';

const now = new Date('2026-06-15T12:00:00Z');
const card = (number: string, expiry = '12/40') => cardSchema.parse({ number, expiry, cvc: '123' });

describe('the simulated card provider', () => {
  it.each([
    [TEST_CARDS.approves, 'approves'],
    [TEST_CARDS.approvesMastercard, 'approves'],
    [TEST_CARDS.insufficientFunds, 'insufficient_funds'],
    [TEST_CARDS.declined, 'declined'],
    [TEST_CARDS.expired, 'expired'],
    [TEST_CARDS.failsTransiently, 'fails_transiently'],
    [TEST_CARDS.slow, 'slow'],
    ['6011 1111 1111 1117', 'approves'],
  ])('test card %s %s', (number, behaviour) => {
    expect(simulatedBehaviourOf(card(number), now)).toBe(behaviour);
  });

  it('declines a card as expired from the first day after its expiry month', () => {
    expect(simulatedBehaviourOf(card(TEST_CARDS.approves, '06/26'), now)).toBe('approves');
    expect(simulatedBehaviourOf(card(TEST_CARDS.approves, '05/26'), now)).toBe('expired');
    expect(simulatedBehaviourOf(card(TEST_CARDS.approves, '06/26'), new Date('2026-07-01T00:00:00Z'))).toBe('expired');
  });

  it.each([
    ['4242424242424242', 'visa'],
    ['5555555555554444', 'mastercard'],
    ['2223003122003222', 'mastercard'],
    ['378282246310005', 'amex'],
    ['6011111111111117', 'discover'],
    ['6500000000000002', 'discover'],
    ['3566002020360505', 'unknown'],
  ])('tells the brand of %s: %s', (number, brand) => {
    expect(cardBrandOf(number)).toBe(brand);
  });

  it('keeps the last four digits only', () => {
    expect(last4Of('4000 0000 0000 9995')).toBe('9995');
  });

  it('reads the behaviour back from its token, and nothing from another id', () => {
    expect(simulatedBehaviourOfToken(simulatedToken('insufficient_funds', 'a1B2'))).toBe('insufficient_funds');
    expect(simulatedBehaviourOfToken(simulatedToken('fails_transiently', 'x9'))).toBe('fails_transiently');
    expect(simulatedBehaviourOfToken('pm_sim_approves_')).toBeUndefined();
    expect(simulatedBehaviourOfToken('pm_other_approves_1')).toBeUndefined();
  });

  it('answers each behaviour: approvals carry the authorization, declines their reason', () => {
    expect(simulatedAnswer('approves', 'auth_1')).toEqual({ outcome: 'approved', authorizationId: 'auth_1' });
    expect(simulatedAnswer('slow', 'auth_1')).toEqual({ outcome: 'approved', authorizationId: 'auth_1' });
    expect(simulatedAnswer('fails_transiently', 'auth_1')).toEqual({ outcome: 'approved', authorizationId: 'auth_1' });
    expect(simulatedAnswer('insufficient_funds', 'auth_1')).toEqual({ outcome: 'declined', reason: 'INSUFFICIENT_FUNDS' });
    expect(simulatedAnswer('declined', 'auth_1')).toEqual({ outcome: 'declined', reason: 'CARD_DECLINED' });
    expect(simulatedAnswer('expired', 'auth_1')).toEqual({ outcome: 'declined', reason: 'EXPIRED_CARD' });
    expect(simulatedAnswer(undefined, 'auth_1')).toEqual({ outcome: 'declined', reason: 'CARD_DECLINED' });
  });
});
