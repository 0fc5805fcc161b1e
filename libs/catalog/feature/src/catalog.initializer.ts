import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CatalogCache, CatalogSharding, CategoriesRepository, ProductsRepository } from '@bazaar/catalog/data-access';
import { DemoCatalog, generateDemoCatalog } from '@bazaar/catalog/domain';

/**
 * At start: shard the products collection when on a mongos (before any data lands in it), then
 * insert the demo catalog's missing categories and products. Both steps are idempotent, so every
 * restart and every replica runs them.
 */
@Injectable()
export class CatalogInitializer implements OnApplicationBootstrap {
  private readonly logger = new Logger(CatalogInitializer.name);
  private readonly demoCatalog: DemoCatalog = generateDemoCatalog();

  constructor(
    private readonly sharding: CatalogSharding,
    private readonly products: ProductsRepository,
    private readonly categories: CategoriesRepository,
    private readonly cache: CatalogCache,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.sharding.apply();
    const { categories, products } = this.demoCatalog;
    const insertedCategories = await this.categories.insertMissing(categories);
    const insertedProducts = await this.products.insertMissing(products, categories);
    // A database emptied and seeded again under the same name must not be read from an older cache.
    if (insertedCategories + insertedProducts > 0) await this.cache.invalidateAll();
    this.logger.log(`Demo catalog: ${insertedCategories} categories and ${insertedProducts} products inserted, the rest already there`);
  }
}
