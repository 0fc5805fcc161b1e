export * from './bootstrap-service';
export * from './service-defaults.module';
export * from './graceful-shutdown';
export * from './shutdown-state';
export * from './shutdown.env';
