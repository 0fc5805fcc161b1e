export * from './catalog-feature.module';
export * from './catalog.service';
