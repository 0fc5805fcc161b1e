export * from './configure-edge';
export * from './gateway-api.module';
export * from './http/http-error.filter';
