import { ClientProxy } from '@nestjs/microservices';
import { of } from 'rxjs';
import { CartCheckoutLock, CartPatterns, CartView, CatalogPatterns, EventEnvelope, LockCartForCheckoutRequest, ProductSnapshot } from '@bazaar/contracts';
import { orderIdFor } from '@bazaar/order/domain';
import type { OrdersRepository, StoredOrder } from '@bazaar/order/data-access';
import type { OutboxRelay } from '@bazaar/shared/messaging';
import { CheckoutService, ORPHAN_CHECKOUT_LOCK_MS } from './checkout.service';

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const mug: ProductSnapshot = { id: 'p-mug', slug: 'mug', name: 'Mug', image: null, price: eur(1250), stock: 10 };
const customer = { name: 'Ada', email: 'ada@example.com', address: { line1: '1 Main St', city: 'Paris', postalCode: '75001', country: 'FR' } };
const cart: CartView = {
  cartId: 'cart-1',
  lines: [{ productId: mug.id, slug: mug.slug, name: mug.name, image: null, quantity: 1, unitPrice: mug.price, priceWhenAdded: mug.price, priceChanged: false, lineTotal: mug.price, available: true }],
  itemCount: 1,
  subtotal: mug.price,
};

/** The branches of the cart lock at checkout, with fakes: the cart answers from a script of locks. */
function checkoutWith(locks: ((request: LockCartForCheckoutRequest) => CartCheckoutLock)[], stored: Partial<StoredOrder>[] = []) {
  const orders = new Map(stored.map((order) => [order.id as string, order as StoredOrder]));
  const lockRequests: LockCartForCheckoutRequest[] = [];
  const written: EventEnvelope[] = [];
  const client = (answer: (pattern: string, data: never) => unknown) => ({ send: (pattern: string, data: never) => of(answer(pattern, data)) }) as unknown as ClientProxy;
  const cartClient = client((pattern, data: LockCartForCheckoutRequest) => {
    if (pattern === CartPatterns.get) return cart;
    lockRequests.push(data);
    return (locks.shift() ?? (() => ({ locked: true, orderId: data.orderId, lockedAt: new Date().toISOString() })))(data);
  });
  const catalogClient = client((pattern) => (pattern === CatalogPatterns.getProductSnapshots ? { items: [mug] } : undefined));
  const repository = {
    findById: async (id: string) => orders.get(id) ?? null,
    insert: async (order: StoredOrder, events: EventEnvelope[]) => (orders.set(order.id, order), written.push(...events), 'inserted'),
  } as unknown as OrdersRepository;
  const service = new CheckoutService(repository, { nudge: () => undefined } as unknown as OutboxRelay, cartClient, catalogClient);
  return { service, orders, lockRequests, written };
}

const heldBy = (orderId: string, lockedAt = new Date()) => () => ({ locked: false, orderId, lockedAt: lockedAt.toISOString() });
const paymentMethod = { id: 'pm_sim_approves_1', brand: 'visa' as const, last4: '4242' };
const checkout = (service: CheckoutService, idempotencyKey = 'key-2') => service.checkout({ cartId: 'cart-1', idempotencyKey, customer, paymentMethod });

describe('checkout locks the cart to one order at a time', () => {
  it('places the order once the cart is locked to it', async () => {
    const { service, orders, lockRequests, written } = checkoutWith([]);
    await expect(checkout(service)).resolves.toEqual({ orderId: orderIdFor('cart-1', 'key-2'), status: 'PENDING' });
    expect(lockRequests).toEqual([expect.objectContaining({ cartId: 'cart-1', orderId: orderIdFor('cart-1', 'key-2'), replacing: undefined })]);
    expect(orders.get(orderIdFor('cart-1', 'key-2'))).toMatchObject({ status: 'PENDING', payment: paymentMethod });
    // Payments authorizes with the method OrderPlaced carries.
    expect(written).toEqual([expect.objectContaining({ type: 'OrderPlaced.v1', data: expect.objectContaining({ payment: paymentMethod }) })]);
  });

  it.each(['PENDING', 'CONFIRMED'] as const)('answers 409 ORDER_IN_PROGRESS naming an order still %s, and stores nothing', async (status) => {
    const { service, orders } = checkoutWith([heldBy('order-1')], [{ id: 'order-1', status }]);
    await expect(checkout(service)).rejects.toMatchObject({ statusCode: 409, code: 'ORDER_IN_PROGRESS', message: expect.stringContaining('order-1') });
    expect(orders.has(orderIdFor('cart-1', 'key-2'))).toBe(false);
  });

  it('takes the lock over from a CANCELLED order the cart has not settled yet', async () => {
    const { service, lockRequests } = checkoutWith([heldBy('order-1')], [{ id: 'order-1', status: 'CANCELLED' }]);
    await expect(checkout(service)).resolves.toMatchObject({ status: 'PENDING' });
    expect(lockRequests.map((request) => request.replacing)).toEqual([undefined, 'order-1']);
  });

  it('waits for an order that is not stored yet (a checkout in flight), and takes over one that never was', async () => {
    const inFlight = checkoutWith([heldBy('order-9')]);
    await expect(checkout(inFlight.service)).rejects.toMatchObject({ code: 'ORDER_IN_PROGRESS' });

    const orphan = checkoutWith([heldBy('order-9', new Date(Date.now() - ORPHAN_CHECKOUT_LOCK_MS - 1000))]);
    await expect(checkout(orphan.service)).resolves.toMatchObject({ status: 'PENDING' });
    expect(orphan.lockRequests.map((request) => request.replacing)).toEqual([undefined, 'order-9']);
  });

  it('gives up after a bounded number of take-overs lost to other checkouts', async () => {
    const { service, lockRequests } = checkoutWith([heldBy('order-1'), heldBy('order-2'), heldBy('order-3')], ['order-1', 'order-2', 'order-3'].map((id) => ({ id, status: 'CANCELLED' })));
    await expect(checkout(service)).rejects.toMatchObject({ code: 'ORDER_IN_PROGRESS', message: expect.stringContaining('order-3') });
    expect(lockRequests).toHaveLength(3);
  });
});
