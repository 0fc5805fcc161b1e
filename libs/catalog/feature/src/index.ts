export * from './catalog-cache-stats.controller';
export * from './catalog-feature.module';
export * from './catalog.service';
export * from './catalog-stock.module';
export * from './order-events.handlers';
export * from './stock-events';
export * from './stock-reservation.service';
