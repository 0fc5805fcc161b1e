export * from './catalog-feature.module';
export * from './catalog.service';
export * from './catalog-stock.module';
export * from './order-placed.handlers';
export * from './stock-events';
export * from './stock-reservation.service';
