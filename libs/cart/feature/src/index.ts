export * from './cart-feature.module';
export * from './cart-order-events.module';
