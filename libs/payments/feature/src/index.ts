export * from './payments-feature.module';
export * from './payments-queries.service';
export * from './payments-events';
