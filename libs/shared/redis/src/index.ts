export * from './redis-target';
export * from './redis-client';
