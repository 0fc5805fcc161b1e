export * from './cart/cart.messages';
export * from './catalog/catalog.messages';
export * from './money';
export * from './rpc/rpc-error';
export * from './service-messages';
export * from './services';
export * from './events';
export * from './order/order.messages';
