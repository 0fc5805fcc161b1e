import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { PaymentsRepository } from './payments.repository';
import { PaymentsDocument, PaymentsSchema } from './payments.schema';

/** The database payments owns (MONGO_DB); expects the app's MongoConnectionModule. */
@Module({
  imports: [MongooseModule.forFeature([{ name: PaymentsDocument.name, schema: PaymentsSchema }])],
  providers: [PaymentsRepository],
  exports: [PaymentsRepository],
})
export class PaymentsDataAccessModule {}
