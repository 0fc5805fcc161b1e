import { Inject, Injectable } from '@nestjs/common';
import type { AddCartItemRequest, CartCheckoutLock, CartView, LockCartForCheckoutRequest, RemoveCartItemRequest, SetCartItemQuantityRequest } from '@bazaar/contracts';
import { buildCartView, CartRejection, currencyRejection, pricesToAccept } from '@bazaar/cart/domain';
import { CartsRepository, LineChangeResult } from '@bazaar/cart/data-access';
import { ServiceError } from '@bazaar/shared/rpc';
import { CART_FEATURE_SETTINGS, CartFeatureSettings } from './cart-feature.settings';
import { rejectionError } from './cart-rejection.error';
import { ProductSnapshotsService } from './product-snapshots.service';

@Injectable()
export class CartService {
  constructor(
    private readonly carts: CartsRepository,
    private readonly products: ProductSnapshotsService,
    @Inject(CART_FEATURE_SETTINGS) private readonly settings: CartFeatureSettings,
  ) {}

  async get(cartId: string): Promise<CartView> {
    const lines = await this.carts.lines(cartId);
    const priced = buildCartView(cartId, lines, await this.products.byId(lines.map((line) => line.productId)), this.settings.currency);
    // Catalog answered without these products, so they are gone for good (its contract: unknown
    // ids are absent). Deleting them keeps them from counting against MAX_CART_LINES; HDEL is
    // idempotent, so two concurrent reads doing it is harmless.
    await this.carts.removeLines(cartId, priced.vanishedProductIds);
    return priced.view;
  }

  addItem({ cartId, productId, quantity }: AddCartItemRequest): Promise<CartView> {
    return this.changeLine(cartId, productId, 'add', quantity);
  }

  setQuantity({ cartId, productId, quantity }: SetCartItemQuantityRequest): Promise<CartView> {
    return quantity === 0 ? this.removeItem({ cartId, productId }) : this.changeLine(cartId, productId, 'set', quantity);
  }

  async removeItem({ cartId, productId }: RemoveCartItemRequest): Promise<CartView> {
    await this.carts.removeLines(cartId, [productId]);
    return this.get(cartId);
  }

  /**
   * The shopper accepts catalog's current prices: each changed line's price when added becomes the
   * price catalog answers now (asked afresh, not from the cache, because checkout compares with
   * catalog's own answer). The cart shown afterwards carries those prices, so the shopper sees
   * what a checkout will charge before placing the order.
   */
  async acceptPrices(cartId: string): Promise<CartView> {
    const lines = await this.carts.lines(cartId);
    const current = await this.products.current(lines.map((line) => line.productId));
    await this.carts.acceptPrices(cartId, pricesToAccept(lines, current, this.settings.currency));
    return this.get(cartId);
  }

  async clear(cartId: string): Promise<CartView> {
    await this.carts.clear(cartId);
    return buildCartView(cartId, [], new Map(), this.settings.currency).view;
  }

  async lockForCheckout({ cartId, orderId, replacing }: LockCartForCheckoutRequest): Promise<CartCheckoutLock> {
    const lock = await this.carts.lockForCheckout(cartId, orderId, replacing);
    return { locked: lock.status === 'LOCKED', orderId: lock.orderId, lockedAt: lock.lockedAt.toISOString() };
  }

  private async changeLine(cartId: string, productId: string, mode: 'add' | 'set', quantity: number): Promise<CartView> {
    const product = (await this.products.byId([productId])).get(productId);
    if (!product) throw ServiceError.notFound('PRODUCT_NOT_FOUND', `No product ${productId}`);
    const wrongCurrency = currencyRejection(productId, product.price.currency, this.settings.currency);
    if (wrongCurrency) throw rejectionError(wrongCurrency);
    // The stock is catalog's snapshot (cached for a few seconds): a guard for the shopper, not a
    // reservation; catalog reserves stock at checkout.
    const result = await this.carts.changeLine(cartId, { productId, mode, quantity, stock: product.stock, price: product.price });
    const rejection = this.rejection(productId, product.stock, result);
    if (rejection) throw rejectionError(rejection);
    return this.get(cartId);
  }

  private rejection(productId: string, stock: number, { status, current, requested }: LineChangeResult): CartRejection | undefined {
    switch (status) {
      case 'OK':
        return undefined;
      case 'QUANTITY_LIMIT':
        return { code: 'QUANTITY_LIMIT', productId, current, requested };
      case 'OUT_OF_STOCK':
        return { code: 'OUT_OF_STOCK', productId, current, requested, available: stock };
      case 'CART_FULL':
        return { code: 'CART_FULL' };
    }
  }
}
