export * from './cart-feature.module';
