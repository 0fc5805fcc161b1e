import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CartCheckoutLock, CartPatterns, CartView } from '@bazaar/contracts';
import {
  addCartItemRequestSchema,
  cartRequestSchema,
  lockCartForCheckoutRequestSchema,
  removeCartItemRequestSchema,
  setCartItemQuantityRequestSchema,
} from '@bazaar/cart/domain';
import { parseRequest } from '@bazaar/shared/rpc';
import { CartService } from './cart.service';

/** Every payload is validated here again: the gateway is not the only possible caller. */
@Controller()
export class CartController {
  constructor(private readonly carts: CartService) {}

  @MessagePattern(CartPatterns.get)
  get(@Payload() data: unknown): Promise<CartView> {
    return this.carts.get(parseRequest(cartRequestSchema, data).cartId);
  }

  @MessagePattern(CartPatterns.addItem)
  addItem(@Payload() data: unknown): Promise<CartView> {
    return this.carts.addItem(parseRequest(addCartItemRequestSchema, data));
  }

  @MessagePattern(CartPatterns.setQuantity)
  setQuantity(@Payload() data: unknown): Promise<CartView> {
    return this.carts.setQuantity(parseRequest(setCartItemQuantityRequestSchema, data));
  }

  @MessagePattern(CartPatterns.removeItem)
  removeItem(@Payload() data: unknown): Promise<CartView> {
    return this.carts.removeItem(parseRequest(removeCartItemRequestSchema, data));
  }

  @MessagePattern(CartPatterns.acceptPrices)
  acceptPrices(@Payload() data: unknown): Promise<CartView> {
    return this.carts.acceptPrices(parseRequest(cartRequestSchema, data).cartId);
  }

  @MessagePattern(CartPatterns.clear)
  clear(@Payload() data: unknown): Promise<CartView> {
    return this.carts.clear(parseRequest(cartRequestSchema, data).cartId);
  }

  @MessagePattern(CartPatterns.lockForCheckout)
  lockForCheckout(@Payload() data: unknown): Promise<CartCheckoutLock> {
    return this.carts.lockForCheckout(parseRequest(lockCartForCheckoutRequestSchema, data));
  }
}
