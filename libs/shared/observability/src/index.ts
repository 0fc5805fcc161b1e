export * from './logger.module';
export * from './trace-carrier';
