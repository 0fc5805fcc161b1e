import type { CartLineView, CartView } from '@bazaar/contracts';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CartProvider } from '../state/cart-context';
import { CartPage } from './CartPage';

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const mug = (was: number, now: number): CartLineView => ({
  productId: 'p-mug',
  slug: 'mug',
  name: 'Mug',
  image: null,
  quantity: 2,
  unitPrice: eur(now),
  priceWhenAdded: eur(was),
  priceChanged: was !== now,
  lineTotal: eur(now * 2),
  available: true,
});
const cartOf = (line: CartLineView): CartView => ({ cartId: 'c1', lines: [line], itemCount: 2, subtotal: line.lineTotal });

/** The gateway as the page sees it: the cart, and accept-prices which answers the cart at the new prices. */
function stubApi(initial: CartView, accepted: CartView) {
  let cart = initial;
  const fetch = vi.fn(async (url: string, init?: RequestInit) => {
    if (url === '/api/cart/accept-prices' && init?.method === 'POST') cart = accepted;
    return new Response(JSON.stringify(cart), { status: 200, headers: { 'content-type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

function renderCart(state?: unknown) {
  return render(
    <MemoryRouter initialEntries={[{ pathname: '/cart', state }]}>
      <CartProvider>
        <Routes>
          <Route path="/cart" element={<CartPage />} />
        </Routes>
      </CartProvider>
    </MemoryRouter>,
  );
}

describe('CartPage after a price change', () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('shows old → new, blocks checkout until the shopper accepts, then shows the accepted prices', async () => {
    const fetch = stubApi(cartOf(mug(1100, 1250)), cartOf(mug(1250, 1250)));
    renderCart();

    const notice = await screen.findByTestId('price-changes');
    expect(notice.textContent).toContain('Mug: €11.00 → €12.50');
    expect(screen.getByRole('button', { name: 'Check out' })).toHaveProperty('disabled', true);

    fireEvent.click(screen.getByRole('button', { name: 'Accept new prices' }));
    await waitFor(() => expect(screen.queryByTestId('price-changes')).toBeNull());
    expect(fetch).toHaveBeenCalledWith('/api/cart/accept-prices', expect.objectContaining({ method: 'POST' }));
    expect(screen.getByRole('button', { name: 'Check out' })).toHaveProperty('disabled', false);
  });

  it('shows the changes a refused checkout reported while the cart still has the cached prices', async () => {
    stubApi(cartOf(mug(1100, 1100)), cartOf(mug(1250, 1250)));
    renderCart({ priceChanges: [{ productId: 'p-mug', name: 'Mug', oldPrice: eur(1100), newPrice: eur(1250) }] });

    expect((await screen.findByTestId('price-changes')).textContent).toContain('Mug: €11.00 → €12.50');
  });

  it('offers to accept after a refusal that named no lines, and then shows the new prices', async () => {
    stubApi(cartOf(mug(1100, 1100)), cartOf(mug(1250, 1250)));
    renderCart({ priceChanges: [] });

    fireEvent.click(await screen.findByRole('button', { name: 'Accept new prices' }));
    await waitFor(() => expect(screen.queryByTestId('price-changes')).toBeNull());
    expect(screen.getByText('€25.00', { selector: '.cart-line__total' })).toBeTruthy();
  });
});
