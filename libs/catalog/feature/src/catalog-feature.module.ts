import { Module } from '@nestjs/common';
import { CatalogDataAccessModule } from '@bazaar/catalog/data-access';
import { CatalogController } from './catalog.controller';
import { CatalogInitializer } from './catalog.initializer';
import { CatalogService } from './catalog.service';

@Module({
  imports: [CatalogDataAccessModule],
  controllers: [CatalogController],
  providers: [CatalogService, CatalogInitializer],
})
export class CatalogFeatureModule {}
