import { randomUUID } from 'node:crypto';
import { INestApplicationContext } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { getModelToken } from '@nestjs/mongoose';
import { Test } from '@nestjs/testing';
import { Model } from 'mongoose';
import { MongoConnectionModule } from '@bazaar/shared/mongo';
import { requireServer, uniqueName } from '@bazaar/shared/testing';
import { Order } from './order.schema';
import { OrderDataAccessModule } from './order-data-access.module';
import { OrdersRepository } from './orders.repository';

const newOrder = (idempotencyKey = randomUUID()) => ({
  _id: randomUUID(),
  idempotencyKey,
  cartId: 'cart-1',
  lines: [{ productId: 'p1', quantity: 2, unitPrice: 1250 }],
  currency: 'EUR',
});

describe('OrdersRepository (real MongoDB wire protocol)', () => {
  let app: INestApplicationContext;
  let orders: OrdersRepository;

  beforeAll(async () => {
    const env = { MONGO_URL: await requireServer('mongodb'), MONGO_DB: uniqueName('it-orders') };
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [() => env] }), MongoConnectionModule, OrderDataAccessModule],
    }).compile();
    app = await moduleRef.init();
    await app.get<Model<Order>>(getModelToken(Order.name)).syncIndexes();
    orders = app.get(OrdersRepository);
  });
  afterAll(() => app?.close());

  it('writes an order through mongoose and reads it back as PENDING', async () => {
    const order = newOrder();
    await orders.create(order);
    expect(await orders.findById(order._id)).toMatchObject({ ...order, status: 'PENDING' });
  });

  it('refuses a second order with the same idempotency key', async () => {
    const key = randomUUID();
    await orders.create(newOrder(key));
    await expect(orders.create(newOrder(key))).rejects.toMatchObject({ code: 11000 });
  });
});
