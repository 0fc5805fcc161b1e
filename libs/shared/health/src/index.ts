export * from './dependency-check';
export * from './health.module';
export { documentHealthChecks } from './health.controller';
