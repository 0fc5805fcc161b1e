export * from './catalog-data-access.module';
export * from './product.schema';
export * from './products.repository';
