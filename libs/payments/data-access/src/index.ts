export * from './card-simulator-ledger.repository';
export * from './card-simulator-ledger.schema';
export * from './payments-data-access.module';
export * from './payments.repository';
export * from './payments.schema';
