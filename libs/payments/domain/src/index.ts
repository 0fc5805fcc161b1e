export * from './card-provider';
export * from './decline-message';
export * from './payment';
export * from './simulated-card.rules';
