import type { AddCartItemRequest, CartRequest, RemoveCartItemRequest, SetCartItemQuantityRequest } from '@bazaar/contracts';
import { addCartItemRequestSchema, cartRequestSchema, removeCartItemRequestSchema, setCartItemQuantityRequestSchema } from './cart-request.schemas';

const cartId = '3b241101-e2bb-4255-8caf-4136c566a962';

function problems(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }): string[] {
  return result.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) ?? [];
}

describe('cart request schemas', () => {
  it('accept the contract shapes', () => {
    const add: AddCartItemRequest = { cartId, productId: 'a1b2c3', quantity: 2 };
    const set: SetCartItemQuantityRequest = { cartId, productId: 'a1b2c3', quantity: 0 };
    const remove: RemoveCartItemRequest = { cartId, productId: 'p_1-x' };
    const cart: CartRequest = { cartId };
    expect(addCartItemRequestSchema.parse(add)).toEqual(add);
    expect(setCartItemQuantityRequestSchema.parse(set)).toEqual(set);
    expect(removeCartItemRequestSchema.parse(remove)).toEqual(remove);
    expect(cartRequestSchema.parse(cart)).toEqual(cart);
  });

  it('name the cart id when it is not a UUID', () => {
    expect(problems(cartRequestSchema.safeParse({ cartId: 'cart-1' }))).toEqual(['cartId: must be a UUID']);
    expect(problems(cartRequestSchema.safeParse({}))).toEqual(['cartId: must be a UUID']);
  });

  it('name the product id when it could not be a catalog id', () => {
    for (const productId of ['', 'a:b', 'x'.repeat(65), 'p 1', 42]) {
      expect(problems(removeCartItemRequestSchema.safeParse({ cartId, productId }))).toEqual([
        expect.stringMatching(/^productId: /),
      ]);
    }
  });

  it('take only positive integer quantities when adding', () => {
    for (const quantity of [0, -1, 1.5, '2', undefined, Number.MAX_SAFE_INTEGER + 2]) {
      expect(problems(addCartItemRequestSchema.safeParse({ cartId, productId: 'p1', quantity }))).toEqual([
        expect.stringMatching(/^quantity: /),
      ]);
    }
  });

  it('take 0 (remove) but not negatives when setting a quantity', () => {
    expect(setCartItemQuantityRequestSchema.safeParse({ cartId, productId: 'p1', quantity: 0 }).success).toBe(true);
    expect(problems(setCartItemQuantityRequestSchema.safeParse({ cartId, productId: 'p1', quantity: -1 }))).toEqual([
      'quantity: must be 0 or more',
    ]);
  });
});
