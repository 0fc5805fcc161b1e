import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { checkoutRequestSchema, getOrderRequestSchema, listOrdersByCartRequestSchema, OrderPatterns } from '@bazaar/contracts';
import { parseRequest } from '@bazaar/shared/rpc';
import { CheckoutService } from './checkout.service';
import { OrderQueries } from './order-queries.service';

@Controller()
export class OrdersController {
  constructor(
    private readonly checkoutService: CheckoutService,
    private readonly queries: OrderQueries,
  ) {}

  @MessagePattern(OrderPatterns.checkout)
  checkout(data: unknown) {
    return this.checkoutService.checkout(parseRequest(checkoutRequestSchema, data));
  }

  @MessagePattern(OrderPatterns.get)
  get(data: unknown) {
    return this.queries.get(parseRequest(getOrderRequestSchema, data).orderId);
  }

  @MessagePattern(OrderPatterns.listByCart)
  listByCart(data: unknown) {
    return this.queries.listByCart(parseRequest(listOrdersByCartRequestSchema, data).cartId);
  }
}
