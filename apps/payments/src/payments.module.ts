import { Module } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import { Connection } from 'mongoose';
import { PaymentsFeatureModule } from '@bazaar/payments/feature';
import { KafkaConnection, KafkaModule } from '@bazaar/shared/messaging';
import { MongoConnectionModule, mongooseCheck } from '@bazaar/shared/mongo';
import { ServiceDefaultsModule } from '@bazaar/shared/service-defaults';

@Module({
  imports: [
    ServiceDefaultsModule.forRoot({
      health: { inject: [getConnectionToken(), KafkaConnection], useFactory: (mongo: Connection, kafka: KafkaConnection) => [mongooseCheck(mongo), kafka] },
    }),
    MongoConnectionModule,
    KafkaModule.forService(),
    // Consumes OrderPlaced, OrderCancelled and StockReserved as group `payments`; starts in the background, so a Kafka outage does not stop the boot.
    PaymentsFeatureModule.forRoot(),
  ],
})
export class PaymentsModule {}
