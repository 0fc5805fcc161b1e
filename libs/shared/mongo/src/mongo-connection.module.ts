import { ConfigService } from '@nestjs/config';
import { MongooseModule } from '@nestjs/mongoose';

/**
 * The service's MongoDB connection: MONGO_URL names the server (a mongos in a sharded cluster),
 * MONGO_DB the database the service owns. Short timeouts make an outage surface as a 503 quickly.
 */
export const MongoConnectionModule = MongooseModule.forRootAsync({
  inject: [ConfigService],
  useFactory: (config: ConfigService) => ({
    uri: config.getOrThrow<string>('MONGO_URL'),
    dbName: config.getOrThrow<string>('MONGO_DB'),
    serverSelectionTimeoutMS: 3000,
    connectTimeoutMS: 3000,
    socketTimeoutMS: 10000,
    retryAttempts: 3,
  }),
});
