import type { OrderView } from '@bazaar/contracts';
import { cleanup, render, screen } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CartProvider } from '../state/cart-context';
import { OrderPage } from './OrderPage';

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const order = (change: Partial<OrderView>): OrderView => ({
  id: '0d8b6c1e-6c4b-8a3f-9d2e-1b7a4c5e6f70',
  cartId: 'c1',
  status: 'CONFIRMED',
  cancelReason: null,
  lines: [{ productId: 'p-mug', name: 'Mug', quantity: 1, unitPrice: eur(1250), lineTotal: eur(1250) }],
  total: eur(1250),
  customer: { name: 'Ada Lovelace', email: 'ada@example.com', address: { line1: '12 Market Street', city: 'Lyon', postalCode: '69002', country: 'FR' } },
  payment: { brand: 'visa', last4: '4242' },
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...change,
});

function renderOrder(shown: OrderView) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => {
      const body = url.startsWith('/api/orders/') ? shown : { cartId: 'c1', lines: [], itemCount: 0, subtotal: eur(0) };
      return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    }),
  );
  return render(
    <MemoryRouter initialEntries={[`/orders/${shown.id}`]}>
      <CartProvider>
        <Routes>
          <Route path="/orders/:orderId" element={<OrderPage />} />
        </Routes>
      </CartProvider>
    </MemoryRouter>,
  );
}

describe('OrderPage', () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('shows the card it is paid with as brand and last four digits', async () => {
    renderOrder(order({ payment: { brand: 'mastercard', last4: '4444' } }));
    expect((await screen.findByTestId('order-card')).textContent).toBe('Mastercard •••• 4444');
  });

  it('shows why a CANCELLED order was cancelled: the decline as payments worded it', async () => {
    renderOrder(order({ status: 'CANCELLED', cancelReason: 'Payment declined: insufficient funds (visa ending 9995)', payment: { brand: 'visa', last4: '9995' } }));
    expect((await screen.findByTestId('cancel-reason')).textContent).toBe('Payment declined: insufficient funds (visa ending 9995).');
    expect(screen.getByTestId('order-card').textContent).toBe('Visa •••• 9995');
  });

  it('words a deadline that passed, and shows no card for an order placed before payments', async () => {
    renderOrder(order({ status: 'CANCELLED', cancelReason: 'TIMED_OUT', payment: null }));
    expect((await screen.findByTestId('cancel-reason')).textContent).toBe('We could not confirm it in time.');
    expect(screen.queryByTestId('order-card')).toBeNull();
  });
});
