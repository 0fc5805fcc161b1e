export * from './cart-data-access.module';
export * from './carts.repository';
export * from './redis.module';
