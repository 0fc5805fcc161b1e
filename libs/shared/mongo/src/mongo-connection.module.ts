import { ConfigService } from '@nestjs/config';
import { MongooseModule } from '@nestjs/mongoose';

/**
 * The service's MongoDB connection: MONGO_URL names the server (a mongos in a sharded cluster),
 * MONGO_DB the database the service owns. Short selection and connect timeouts make an outage surface
 * as a 503 quickly.
 */
export const MongoConnectionModule = MongooseModule.forRootAsync({
  inject: [ConfigService],
  useFactory: (config: ConfigService) => ({
    uri: config.getOrThrow<string>('MONGO_URL'),
    dbName: config.getOrThrow<string>('MONGO_DB'),
    serverSelectionTimeoutMS: 3000,
    connectTimeoutMS: 3000,
    // Generous: a socket timeout abandons a write the server may still apply, and a retry after it
    // could apply it twice where updates are guarded in-process (FerretDB, see updateOneGuarded).
    // Callers' deadlines (service calls, readiness checks) bound how long anyone waits.
    socketTimeoutMS: 60000,
    retryAttempts: 3,
    // Poll the server with hello instead of the streaming (awaitable hello) monitor: after
    // FerretDB restarted, the streaming monitor was seen stuck on its closed connection and the
    // service never selected the server again (the fault suite's MongoDB rows).
    serverMonitoringMode: 'poll',
    heartbeatFrequencyMS: 2000,
  }),
});
