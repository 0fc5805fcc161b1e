export * from './configure-edge';
export * from './gateway-api.module';
export * from './http/http-error.filter';
export * from './http/trusted-proxies';
export * from './storefront/storefront-config.controller';
export * from './storefront/trace-id.header';
