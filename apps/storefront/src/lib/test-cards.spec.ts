import { TEST_CARDS } from '@bazaar/contracts';
import { describe, expect, it } from 'vitest';
import { TEST_CARD_OUTCOMES } from './test-cards';

describe('the store’s test cards', () => {
  it('lists every one of contracts’ test cards, once', () => {
    expect(TEST_CARD_OUTCOMES.map(({ number }) => number).sort()).toEqual(Object.values(TEST_CARDS).sort());
  });
});
