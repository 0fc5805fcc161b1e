import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { CatalogCacheModule } from './catalog-cache.module';
import { CatalogSharding } from './catalog-sharding';
import { CategoriesRepository } from './categories.repository';
import { Category, CategorySchema } from './category.schema';
import { Product, ProductSchema } from './product.schema';
import { ProductsRepository } from './products.repository';
import { Reservation, ReservationSchema } from './reservation.schema';
import { ReservationsRepository } from './reservations.repository';
import { StockRepository } from './stock.repository';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Product.name, schema: ProductSchema },
      { name: Category.name, schema: CategorySchema },
      { name: Reservation.name, schema: ReservationSchema },
    ]),
    CatalogCacheModule,
  ],
  providers: [ProductsRepository, CategoriesRepository, CatalogSharding, StockRepository, ReservationsRepository],
  exports: [CatalogCacheModule, ProductsRepository, CategoriesRepository, CatalogSharding, StockRepository, ReservationsRepository],
})
export class CatalogDataAccessModule {}
