import { randomUUID } from 'node:crypto';
import { CatalogSnapshot, KnownProduct } from './catalog-snapshot';
import { Answer, GatewayClient } from './gateway-client';
import { paymentFor } from './payment-cards';
import { feasibleAction, ShopperAction } from './shopper-mix';

const SORTS = ['newest', 'price_asc', 'price_desc', 'name'];

const CUSTOMERS = [
  {
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    address: {
      line1: '12 Market Street',
      city: 'Lyon',
      postalCode: '69002',
      country: 'FR',
    },
  },
  {
    name: 'Alan Turing',
    email: 'alan@example.org',
    address: {
      line1: '2 Bletchley Road',
      city: 'Milton Keynes',
      postalCode: 'MK3 6EB',
      country: 'GB',
    },
  },
  {
    name: 'Grace Hopper',
    email: 'grace@example.net',
    address: {
      line1: '1 Navy Yard',
      line2: 'Suite 4',
      city: 'Arlington',
      postalCode: '22202',
      country: 'US',
    },
  },
];

export interface ShopperOutcome extends Answer {
  action: ShopperAction;
  request: string;
}

/** One simulated shopper: their own cart cookie, what is in their cart, their last order. */
export class Shopper {
  private readonly client: GatewayClient;
  private itemsInCart = 0;
  private lastOrderId: string | null = null;

  constructor(
    gatewayUrl: string,
    private readonly catalog: () => CatalogSnapshot,
    private readonly random: () => number = Math.random,
  ) {
    this.client = new GatewayClient(gatewayUrl);
  }

  /** Takes `wanted` if it makes sense now (see feasibleAction) and makes its one request. */
  async act(wanted: ShopperAction): Promise<ShopperOutcome> {
    const action = feasibleAction(wanted, {
      itemsInCart: this.itemsInCart,
      lastOrderId: this.lastOrderId,
    });
    const [method, path, body, headers] = this.request(action);
    const answer = await this.client.send(method, path, body, headers);
    this.remember(action, answer);
    return { ...answer, action, request: `${method} ${path.split('?')[0]}` };
  }

  private request(action: ShopperAction): [string, string, unknown?, Record<string, string>?] {
    const { categories, searchWords } = this.catalog();
    switch (action) {
      case 'browse':
        return ['GET', `/api/products?category=${this.pick(categories)}&sort=${this.pick(SORTS)}&limit=12`];
      case 'search':
        return ['GET', `/api/search?q=${encodeURIComponent(this.pick(searchWords))}&limit=12`];
      case 'product':
        return ['GET', `/api/products/by-slug/${this.pick(this.catalog().products).slug}`];
      case 'addToCart':
        return ['POST', '/api/cart/items', { productId: this.productInStock().id, quantity: 1 }];
      case 'viewCart':
        return ['GET', '/api/cart'];
      case 'checkout':
        // A fresh key per checkout: this is a new order, not a retry of the last one.
        return ['POST', '/api/checkout', { customer: this.pick(CUSTOMERS), payment: paymentFor(this.random()) }, { 'idempotency-key': randomUUID() }];
      case 'orderStatus':
        return ['GET', `/api/orders/${this.lastOrderId}`];
    }
  }

  private remember(action: ShopperAction, answer: Answer): void {
    if ((action === 'addToCart' || action === 'viewCart') && answer.status < 300 && answer.body) this.itemsInCart = answer.body.itemCount;
    if (action === 'checkout' && answer.status === 202) {
      this.lastOrderId = answer.body.orderId;
      this.itemsInCart = 0;
    }
    // An empty cart after all (its lines were ordered elsewhere, or it expired): start again.
    if (action === 'checkout' && answer.problem === 'CART_EMPTY') this.itemsInCart = 0;
  }

  private productInStock(): KnownProduct {
    const products = this.catalog().products;
    const inStock = products.filter((product) => product.stock > 0);
    return this.pick(inStock.length > 0 ? inStock : products);
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }
}
