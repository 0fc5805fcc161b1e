export * from './cart-data-access.module';
export * from './cart-store.settings';
export * from './carts.repository';
export * from './product-snapshot.cache';
export * from './redis.module';
export * from './redis-processed-event.store';
export * from './replica-acknowledgement';
