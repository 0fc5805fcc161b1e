import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiCookieAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AddCartItemRequest, CartPatterns, CartRequest, CartView, RemoveCartItemRequest, SetCartItemQuantityRequest } from '@bazaar/contracts';
import { DownstreamClients } from '../downstream.clients';
import { ApiErrors } from '../http/api-errors';
import { HttpErrorFilter } from '../http/http-error.filter';
import { CART_COOKIE, CartCookie, withoutCartId } from './cart-id';
import { AddCartItemBody, CartProductParam, SetCartItemQuantityBody } from './cart.dto';
import { CartResponse } from './cart.responses';
import { NotCheckout } from '../http/checkout-throttler';
import { RateLimitGuard } from '../http/rate-limit.guard';

export type ShopperCart = Omit<CartView, 'cartId'>;

@ApiTags('cart')
@ApiErrors(503, 504)
@ApiCookieAuth(CART_COOKIE)
// The API's error shape and rate limit; health endpoints keep terminus's report and are never throttled.
@UseFilters(HttpErrorFilter)
@UseGuards(RateLimitGuard)
@NotCheckout()
@Controller('cart')
export class CartController {
  constructor(
    private readonly downstream: DownstreamClients,
    private readonly cookie: CartCookie,
  ) {}

  private async viewOf(pattern: string, message: CartRequest): Promise<ShopperCart> {
    return withoutCartId(await this.downstream.cart<CartView>(pattern, message));
  }

  @Get()
  @ApiOperation({ summary: 'The shopper’s cart with line totals and subtotal' })
  @ApiOkResponse({ type: CartResponse })
  get(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<ShopperCart> {
    const message: CartRequest = { cartId: this.cookie.cartIdFor(request, reply) };
    return this.viewOf(CartPatterns.get, message);
  }

  @Post('items')
  @ApiOperation({ summary: 'Add a product (adds to the quantity already in the cart)' })
  @ApiCreatedResponse({ type: CartResponse })
  @ApiErrors([404, 'PRODUCT_NOT_FOUND'], [409, 'QUANTITY_LIMIT, OUT_OF_STOCK, CART_FULL, CURRENCY_MISMATCH'])
  add(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply, @Body() body: AddCartItemBody): Promise<ShopperCart> {
    const message: AddCartItemRequest = { cartId: this.cookie.cartIdFor(request, reply), productId: body.productId, quantity: body.quantity };
    return this.viewOf(CartPatterns.addItem, message);
  }

  @Patch('items/:productId')
  @ApiOperation({ summary: 'Set a line’s quantity (0 removes it)' })
  @ApiOkResponse({ type: CartResponse })
  @ApiErrors([404, 'PRODUCT_NOT_FOUND'], [409, 'QUANTITY_LIMIT, OUT_OF_STOCK, CART_FULL, CURRENCY_MISMATCH'])
  setQuantity(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param() { productId }: CartProductParam,
    @Body() { quantity }: SetCartItemQuantityBody,
  ): Promise<ShopperCart> {
    const message: SetCartItemQuantityRequest = { cartId: this.cookie.cartIdFor(request, reply), productId, quantity };
    return this.viewOf(CartPatterns.setQuantity, message);
  }

  @Delete('items/:productId')
  @ApiOperation({ summary: 'Remove a line' })
  @ApiOkResponse({ type: CartResponse })
  remove(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply, @Param() { productId }: CartProductParam): Promise<ShopperCart> {
    const message: RemoveCartItemRequest = { cartId: this.cookie.cartIdFor(request, reply), productId };
    return this.viewOf(CartPatterns.removeItem, message);
  }

  @Delete()
  @HttpCode(200)
  @ApiOperation({ summary: 'Empty the cart' })
  @ApiOkResponse({ type: CartResponse })
  clear(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<ShopperCart> {
    const message: CartRequest = { cartId: this.cookie.cartIdFor(request, reply) };
    return this.viewOf(CartPatterns.clear, message);
  }

  @Post('accept-prices')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Accept current prices',
    description:
      'Every line’s price when added becomes catalog’s price now, keeping quantities; answers the cart. After a checkout refused with 409 PRICE_CHANGED, the shopper reviews the cart, accepts and checks out again.',
  })
  acceptPrices(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<CartView> {
    const message: CartRequest = { cartId: this.cookie.cartIdFor(request, reply) };
    return this.downstream.cart(CartPatterns.acceptPrices, message);
  }
}
