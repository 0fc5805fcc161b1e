import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { CatalogCacheInvalidation } from './catalog-cache-invalidation';
import { CatalogCacheModule } from './catalog-cache.module';
import { CatalogChanges } from './catalog-changes';
import { CatalogSharding } from './catalog-sharding';
import { CategoriesRepository } from './categories.repository';
import { Category, CategorySchema } from './category.schema';
import { Product, ProductSchema } from './product.schema';
import { ProductAdminRepository } from './product-admin.repository';
import { ProductOutboxRepository } from './product-outbox.repository';
import { ProductWriteLock } from './product-write.lock';
import { ProductsRepository } from './products.repository';
import { Reservation, ReservationSchema } from './reservation.schema';
import { ReservationsRepository } from './reservations.repository';
import { StockRepository } from './stock.repository';

/** What the module provides and what it gives to the services that import it. */
const SHARED = [
  ProductsRepository,
  CategoriesRepository,
  CatalogSharding,
  StockRepository,
  ReservationsRepository,
  ProductWriteLock,
  ProductAdminRepository,
  ProductOutboxRepository,
  CatalogChanges,
];

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Product.name, schema: ProductSchema },
      { name: Category.name, schema: CategorySchema },
      { name: Reservation.name, schema: ReservationSchema },
    ]),
    CatalogCacheModule,
  ],
  providers: [...SHARED, CatalogCacheInvalidation],
  exports: [CatalogCacheModule, ...SHARED],
})
export class CatalogDataAccessModule {}
