import { Module } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import { Connection } from 'mongoose';
import { CatalogAdminModule, CatalogFeatureModule, CatalogStockModule } from '@bazaar/catalog/feature';
import { KafkaConnection, KafkaModule } from '@bazaar/shared/messaging';
import { MongoConnectionModule, mongooseCheck } from '@bazaar/shared/mongo';
import { ServiceDefaultsModule } from '@bazaar/shared/service-defaults';

@Module({
  imports: [
    ServiceDefaultsModule.forRoot({
      health: {
        inject: [getConnectionToken(), KafkaConnection],
        useFactory: (mongo: Connection, kafka: KafkaConnection) => [mongooseCheck(mongo), kafka],
      },
    }),
    MongoConnectionModule,
    KafkaModule.forService(),
    CatalogFeatureModule,
    // The saga: consumes OrderPlaced (group `catalog`), reserves stock, relays StockReserved/StockRejected.
    CatalogStockModule.forRoot(),
    // Administration (the gateway's admin API): edits by revision, stock deltas, relays ProductPriceChanged.
    CatalogAdminModule.forRoot(),
  ],
})
export class CatalogModule {}
