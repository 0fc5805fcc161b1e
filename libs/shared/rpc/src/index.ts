export * from './call-service';
export * from './deadline';
export * from './deadline.interceptor';
export * from './parse-request';
export * from './rpc-error.filter';
export * from './service-error';
export * from './trace-context';
export * from './tcp-client.options';
