import { createEvent, EventContract, parseEvent } from './event-contract';
import { OrderCancelled } from './order-cancelled/order-cancelled.event';
import { OrderConfirmed } from './order-confirmed/order-confirmed.event';
import { OrderPlaced } from './order-placed/order-placed.event';
import { ProductPriceChanged } from './product-price-changed/product-price-changed.event';
import { StockRejected } from './stock-rejected/stock-rejected.event';
import { StockReleased } from './stock-released/stock-released.event';
import { StockReserved } from './stock-reserved/stock-reserved.event';
import stockReleasedExample from './stock-released/stock-released.example.json';
import { ORDERS_TOPIC, PRODUCTS_TOPIC, STOCK_TOPIC } from './topics';

const eur = (amount: number) => ({ amount, currency: 'EUR' });

const samples: [EventContract, Record<string, unknown>, Record<string, unknown>][] = [
  [
    OrderPlaced,
    { orderId: 'o1', cartId: 'c1', lines: [{ productId: 'p1', quantity: 2, unitPrice: eur(1250) }], total: eur(2500) },
    { orderId: 'o1', cartId: 'c1', lines: [], total: eur(0) },
  ],
  [StockReserved, { orderId: 'o1', lines: [{ productId: 'p1', quantity: 2 }] }, { orderId: 'o1', lines: [{ productId: 'p1', quantity: 0 }] }],
  [
    StockRejected,
    { orderId: 'o1', reason: 'Not enough stock', unavailable: [{ productId: 'p1', requested: 2, available: 1 }] },
    { orderId: 'o1', reason: '', unavailable: [] },
  ],
  [
    OrderConfirmed,
    { orderId: 'o1', cartId: 'c1', lines: [{ productId: 'p1', quantity: 2 }], total: eur(2500) },
    { orderId: 'o1', cartId: 'c1', lines: [], total: eur(2500) },
  ],
  [StockReleased, { orderId: 'o1', lines: [{ productId: 'p1', quantity: 2 }] }, { orderId: 'o1', lines: [{ productId: 'p1' }] }],
  [OrderCancelled, { orderId: 'o1', cartId: 'c1', reason: 'Out of stock' }, { orderId: 'o1', cartId: 'c1' }],
];

const priceChange = { productId: 'p1', categoryId: 'kitchen', revision: 2, oldPrice: eur(1250), newPrice: eur(1490) };

describe('event contracts', () => {
  it('puts order events on orders.v1 and stock events on stock.v1, keyed by order id', () => {
    expect([OrderPlaced, OrderConfirmed, OrderCancelled].map((c) => c.topic)).toEqual([ORDERS_TOPIC, ORDERS_TOPIC, ORDERS_TOPIC]);
    expect([StockReserved, StockRejected, StockReleased].map((c) => c.topic)).toEqual([STOCK_TOPIC, STOCK_TOPIC, STOCK_TOPIC]);
    expect(ORDERS_TOPIC.topic).toBe('orders.v1');
    for (const [contract, data] of samples) expect(contract.key(data)).toBe('o1');
  });

  it.each(samples.map(([contract, valid, invalid]) => [contract.type, contract, valid, invalid] as const))(
    '%s accepts a valid payload and rejects an invalid one',
    (type, contract, valid, invalid) => {
      const event = createEvent(contract, valid, { source: 'test' });
      expect(event).toMatchObject({ type, version: 1, source: 'test', data: valid });
      expect(parseEvent(contract, event)).toEqual({ ok: true, event });
      const parsed = parseEvent(contract, { ...event, data: invalid });
      expect(parsed).toMatchObject({ ok: false, reason: expect.stringContaining(`invalid ${type} payload: data.`) });
    },
  );

  it('StockReleased.v1: the example in its folder is a valid event', () => {
    expect(parseEvent(StockReleased, stockReleasedExample)).toEqual({ ok: true, event: stockReleasedExample });
  });

  it('ProductPriceChanged.v1 travels on products.v1 keyed by product id, and needs a positive revision and both prices', () => {
    expect(ProductPriceChanged.topic).toBe(PRODUCTS_TOPIC);
    expect(PRODUCTS_TOPIC.topic).toBe('products.v1');
    expect(ProductPriceChanged.key(priceChange)).toBe('p1');
    const event = createEvent(ProductPriceChanged, priceChange, { source: 'test' });
    expect(parseEvent(ProductPriceChanged, event)).toEqual({ ok: true, event });
    expect(parseEvent(ProductPriceChanged, { ...event, data: { ...priceChange, revision: 0 } })).toMatchObject({ ok: false, reason: expect.stringContaining('data.revision') });
    expect(parseEvent(ProductPriceChanged, { ...event, data: { ...priceChange, newPrice: { amount: 1.5, currency: 'EUR' } } })).toMatchObject({ ok: false });
  });

  it('carries the version in the type name', () => {
    expect(OrderPlaced.type).toBe('OrderPlaced.v1');
    expect(StockRejected.type).toBe('StockRejected.v1');
  });
});

describe('the event envelope', () => {
  const event = createEvent(OrderCancelled, { orderId: 'o1', cartId: 'c1', reason: 'r' }, { source: 'order' });

  it.each([
    ['an id that is not a uuid', { ...event, id: '42' }, 'envelope.id'],
    ['a missing occurredAt', { ...event, occurredAt: undefined }, 'envelope.occurredAt'],
    ['a date that is not ISO 8601', { ...event, occurredAt: 'yesterday' }, 'envelope.occurredAt'],
    ['a version that disagrees with the type', { ...event, version: 2 }, 'envelope.type'],
    ['a missing source', { ...event, source: '' }, 'envelope.source'],
    ['no data', { ...event, data: undefined }, 'envelope.data'],
  ])('rejects %s', (_case, value, field) => {
    expect(parseEvent(OrderCancelled, value)).toEqual({ ok: false, reason: expect.stringContaining(field) });
  });

  it('rejects another event type even when the payload would fit', () => {
    expect(parseEvent(OrderCancelled, { ...event, type: 'OrderConfirmed.v1' })).toEqual({
      ok: false,
      reason: 'expected type OrderCancelled.v1, got OrderConfirmed.v1',
    });
  });

  it('rejects what is not an object at all', () => {
    expect(parseEvent(OrderCancelled, 'hello')).toMatchObject({ ok: false, reason: expect.stringMatching(/^invalid envelope/) });
  });
});
