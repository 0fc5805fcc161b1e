export * from './order-data-access.module';
export * from './order.schema';
export * from './orders.repository';
