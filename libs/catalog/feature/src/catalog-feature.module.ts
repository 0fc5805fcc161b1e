import { Module } from '@nestjs/common';
import { CatalogDataAccessModule } from '@bazaar/catalog/data-access';
import { CatalogCacheStatsController } from './catalog-cache-stats.controller';
import { CatalogController } from './catalog.controller';
import { CatalogInitializer } from './catalog.initializer';
import { CatalogService } from './catalog.service';

@Module({
  imports: [CatalogDataAccessModule],
  controllers: [CatalogController, CatalogCacheStatsController],
  providers: [CatalogService, CatalogInitializer],
})
export class CatalogFeatureModule {}
