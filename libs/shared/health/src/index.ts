export * from './dependency-check';
export * from './health.module';
export * from './mongoose.check';
