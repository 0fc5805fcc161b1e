import type { CartView } from '@bazaar/contracts';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { asApiError } from '../api/use-api';
import type { ApiError } from '../api/http';
import { storeApi } from '../api/store-api';

interface CartState {
  /** null until the first load answers. */
  cart: CartView | null;
  /** Why the cart could not be loaded, if it could not. */
  error: ApiError | null;
  /** Reloads the cart; `recordTrace` when it is the page's own request (the cart page) rather than the header's badge. */
  refresh(recordTrace?: boolean): Promise<void>;
  /** Each change resolves with the new cart, or rejects with the API's error for the caller to show. */
  add(productId: string, quantity: number): Promise<CartView>;
  setQuantity(productId: string, quantity: number): Promise<CartView>;
  remove(productId: string): Promise<CartView>;
  /** Takes the current prices as the ones the shopper agreed to (after prices changed). */
  acceptPrices(): Promise<CartView>;
}

const CartContext = createContext<CartState | null>(null);

/** The shopper's cart, shared by the header's badge and every page; the gateway keeps its id in a cookie. */
export function CartProvider({ children }: { children: ReactNode }) {
  const [cart, setCart] = useState<CartView | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const apply = useCallback(async (change: Promise<CartView>) => {
    const next = await change;
    setCart(next);
    setError(null);
    return next;
  }, []);

  const refresh = useCallback(
    async (recordTrace = false) => {
      try {
        await apply(storeApi.cart({ recordTrace }));
      } catch (failure) {
        setError(asApiError(failure));
      }
    },
    [apply],
  );

  useEffect(() => {
    storeApi.cart({ recordTrace: false }).then(setCart, (failure: unknown) => setError(asApiError(failure)));
  }, []);

  const value = useMemo<CartState>(
    () => ({
      cart,
      error,
      refresh,
      add: (productId, quantity) => apply(storeApi.addToCart(productId, quantity)),
      setQuantity: (productId, quantity) => apply(storeApi.setQuantity(productId, quantity)),
      remove: (productId) => apply(storeApi.removeFromCart(productId)),
      acceptPrices: () => apply(storeApi.acceptPrices()),
    }),
    [cart, error, refresh, apply],
  );
  return <CartContext.Provider value={value}>{children}</CartContext.Provider>;
}

export function useCart(): CartState {
  const state = useContext(CartContext);
  if (!state) throw new Error('useCart must be used inside <CartProvider>');
  return state;
}
