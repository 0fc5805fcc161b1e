import { MAX_LINE_QUANTITY as CART_LIMIT } from '@bazaar/contracts';
import { describe, expect, it } from 'vitest';
import { MAX_LINE_QUANTITY } from './limits';

describe('the store’s copy of the cart limit', () => {
  it('matches the cart service’s', () => {
    expect(MAX_LINE_QUANTITY).toBe(CART_LIMIT);
  });
});
