import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { Order } from './order.schema';

export type NewOrder = Pick<Order, '_id' | 'idempotencyKey' | 'cartId' | 'lines' | 'currency'>;

@Injectable()
export class OrdersRepository {
  constructor(@InjectModel(Order.name) private readonly orders: Model<Order>) {}

  async create(order: NewOrder): Promise<Order> {
    return (await this.orders.create(order)).toObject();
  }

  findById(id: string): Promise<Order | null> {
    return this.orders.findById(id).lean<Order>().exec();
  }
}
