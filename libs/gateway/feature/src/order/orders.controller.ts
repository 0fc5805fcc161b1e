import { Body, Controller, Get, Headers, HttpCode, Param, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCookieAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  CheckoutReply,
  CheckoutRequest,
  GetOrderRequest,
  ListOrdersByCartRequest,
  OrderList,
  OrderPatterns,
  OrderView,
  PaymentMethod,
  PaymentsPatterns,
  TokenizeCardRequest,
} from '@bazaar/contracts';
import { ServiceError } from '@bazaar/shared/rpc';
import { CART_COOKIE, CartCookie, withoutCartId } from '../cart/cart-id';
import { DownstreamClients } from '../downstream.clients';
import { ApiErrors } from '../http/api-errors';
import { HttpErrorFilter } from '../http/http-error.filter';
import { CheckoutBody, IDEMPOTENCY_KEY, OrderIdParam } from './checkout.dto';
import { CheckoutResponse, OrderListResponse, OrderResponse } from './order.responses';
import { NotCheckout } from '../http/checkout-throttler';
import { RateLimitGuard } from '../http/rate-limit.guard';

export type ShopperOrder = Omit<OrderView, 'cartId'>;

@ApiTags('orders')
@ApiErrors(503, 504)
@ApiCookieAuth(CART_COOKIE)
@UseFilters(HttpErrorFilter)
@UseGuards(RateLimitGuard)
@Controller()
export class OrdersController {
  constructor(
    private readonly downstream: DownstreamClients,
    private readonly cookie: CartCookie,
  ) {}

  @Post('checkout')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Place an order from the cart, paid by card; it becomes CONFIRMED (stock reserved, payment authorized) or CANCELLED shortly after',
    description: 'The card goes to the card provider only (through payments); the order keeps its brand and last four digits. The test cards are listed with `payment.card.number`.',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: true,
    description: 'Send the same key again to retry safely: the same order is returned',
    schema: { type: 'string', pattern: IDEMPOTENCY_KEY.source },
  })
  @ApiAcceptedResponse({ type: CheckoutResponse, description: 'Placed: PENDING until the saga confirms or cancels it' })
  @ApiErrors([409, 'IDEMPOTENCY_KEY_REUSED, PRODUCT_UNAVAILABLE, PRICE_CHANGED, ORDER_IN_PROGRESS'], [422, 'CART_EMPTY, ORDER_INVALID'])
  async checkout(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Body() { customer, payment }: CheckoutBody,
  ): Promise<CheckoutReply> {
    if (!idempotencyKey || !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw ServiceError.badRequest('The Idempotency-Key header is required: 8 to 200 letters, digits, "-" or "_" (a UUID works)');
    }
    const cartId = this.cookie.cartIdFor(request, reply);
    // The card goes to payments only: order and everything after it know the provider's reference, brand and last four digits.
    const card: TokenizeCardRequest = { card: payment.card };
    const paymentMethod = await this.downstream.payments<PaymentMethod>(PaymentsPatterns.tokenizeCard, card);
    const message: CheckoutRequest = { cartId, idempotencyKey, customer, paymentMethod };
    return this.downstream.order(OrderPatterns.checkout, message);
  }

  @Get('orders')
  @NotCheckout()
  @ApiOperation({ summary: 'The shopper’s orders' })
  @ApiOkResponse({ type: OrderListResponse })
  async list(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<{ items: ShopperOrder[] }> {
    const message: ListOrdersByCartRequest = { cartId: this.cookie.cartIdFor(request, reply) };
    const { items } = await this.downstream.order<OrderList>(OrderPatterns.listByCart, message);
    return { items: items.map(withoutCartId) };
  }

  @Get('orders/:id')
  @NotCheckout()
  @ApiOperation({ summary: 'One of the shopper’s orders, with its status' })
  @ApiOkResponse({ type: OrderResponse })
  @ApiErrors([404, 'ORDER_NOT_FOUND'])
  async get(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply, @Param() { id }: OrderIdParam): Promise<ShopperOrder> {
    const message: GetOrderRequest = { orderId: id };
    const order = await this.downstream.order<OrderView>(OrderPatterns.get, message);
    // An order holds the customer's name and address: only the shopper whose cart placed it sees it.
    if (order.cartId !== this.cookie.cartIdFor(request, reply)) throw ServiceError.notFound('ORDER_NOT_FOUND', `No order ${id}`);
    return withoutCartId(order);
  }
}
