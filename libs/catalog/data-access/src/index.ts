export * from './catalog-data-access.module';
export * from './catalog-sharding';
export * from './categories.repository';
export * from './category.schema';
export * from './product.schema';
export * from './products.repository';
