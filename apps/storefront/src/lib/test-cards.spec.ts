import { TEST_CARDS as CONTRACT_TEST_CARDS } from '@bazaar/contracts';
import { describe, expect, it } from 'vitest';
import { TEST_CARD_OUTCOMES, TEST_CARDS } from './test-cards';

describe('the store’s test cards', () => {
  it('are contracts’ own, every one of them listed', () => {
    expect(TEST_CARDS).toEqual(CONTRACT_TEST_CARDS);
    expect(TEST_CARD_OUTCOMES.map(({ number }) => number).sort()).toEqual(Object.values(CONTRACT_TEST_CARDS).sort());
  });
});
