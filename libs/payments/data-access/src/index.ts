export * from './payments-data-access.module';
export * from './payments.repository';
export * from './payments.schema';
