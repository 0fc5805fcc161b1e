export * from './test-servers';
export * from './eventually';
