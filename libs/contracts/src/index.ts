export * from './service-messages';
export * from './services';
