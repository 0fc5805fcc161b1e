export * from './order';
export * from './order-id';
