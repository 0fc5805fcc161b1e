export * from './logger.module';
export * from './trace-carrier';
export * from './domain-span';
export * from './server-span-route';
