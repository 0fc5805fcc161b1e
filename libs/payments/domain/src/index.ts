export * from './payments.record';
