export * from './dependency-check';
export * from './health.module';
