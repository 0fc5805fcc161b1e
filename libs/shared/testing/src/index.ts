export * from './test-servers';
export * from './eventually';
export * from './service-process';
export * from './service-stack';
