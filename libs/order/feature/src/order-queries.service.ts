import { Injectable } from '@nestjs/common';
import { OrderList, OrderView } from '@bazaar/contracts';
import { OrdersRepository } from '@bazaar/order/data-access';
import { ServiceError } from '@bazaar/shared/rpc';
import { toOrderView } from './order-view.mapper';

@Injectable()
export class OrderQueries {
  constructor(private readonly orders: OrdersRepository) {}

  async get(orderId: string): Promise<OrderView> {
    const order = await this.orders.findById(orderId);
    if (!order) throw ServiceError.notFound('ORDER_NOT_FOUND', `No order ${orderId}`);
    return toOrderView(order);
  }

  async listByCart(cartId: string): Promise<OrderList> {
    return { items: (await this.orders.listByCart(cartId)).map(toOrderView) };
  }
}
