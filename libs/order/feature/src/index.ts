export * from './checkout.service';
export * from './order-events';
export * from './order-feature.module';
export * from './order-queries.service';
export * from './order-saga.settings';
export * from './pending-deadline.sweeper';
