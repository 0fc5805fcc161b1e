export * from './card-provider-unavailable.classifier';
export * from './card-provider.token';
export * from './payment-authorizations.service';
export * from './payments-events';
export * from './payments-feature.module';
export * from './payments-queries.service';
export * from './simulated-card.provider';
