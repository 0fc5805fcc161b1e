export * from './mongo-connection.module';
export * from './mongoose.check';
export * from './keyed-lock';
export * from './guarded-update';
export * from './monitor-watchdog';
