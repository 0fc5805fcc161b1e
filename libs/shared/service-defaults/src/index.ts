export * from './bootstrap-service';
export * from './service-defaults.module';
