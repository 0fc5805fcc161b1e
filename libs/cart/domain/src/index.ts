export * from './accepted-prices';
export * from './cart-line.model';
export * from './cart-rejection';
export * from './cart-request.schemas';
export * from './cart-view.builder';
export * from './money.math';
export * from './ordered-lines';
