export * from './test-servers';
export * from './eventually';
export * from './service-process';
export * from './store-client';
export * from './native-servers';
export * from './stack-env';
export * from './free-port';
export * from './service-stack';
