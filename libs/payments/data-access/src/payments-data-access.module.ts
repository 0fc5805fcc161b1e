import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { CardSimulatorLedger } from './card-simulator-ledger.repository';
import { CardSimulatorLedgerEntry, CardSimulatorLedgerSchema } from './card-simulator-ledger.schema';
import { PaymentsRepository } from './payments.repository';
import { PaymentsDocument, PaymentsSchema } from './payments.schema';

const PROVIDED = [PaymentsRepository, CardSimulatorLedger];

/** The database payments owns (MONGO_DB): its payments and the card simulator's ledger. Expects the app's MongoConnectionModule. */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: PaymentsDocument.name, schema: PaymentsSchema },
      { name: CardSimulatorLedgerEntry.name, schema: CardSimulatorLedgerSchema },
    ]),
  ],
  providers: PROVIDED,
  exports: PROVIDED,
})
export class PaymentsDataAccessModule {}
