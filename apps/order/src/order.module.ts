import { Module } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import { Connection } from 'mongoose';
import { OrderFeatureModule } from '@bazaar/order/feature';
import { KafkaConnection, KafkaModule } from '@bazaar/shared/messaging';
import { MongoConnectionModule, mongooseCheck } from '@bazaar/shared/mongo';
import { ServiceDefaultsModule } from '@bazaar/shared/service-defaults';
import { downstreamClients } from './downstream-services';

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
    downstreamClients,
    OrderFeatureModule.forRoot(),
  ],
})
export class OrderModule {}
