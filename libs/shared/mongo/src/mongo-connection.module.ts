import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { MongooseModule } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { watchServerMonitors } from './monitor-watchdog';

const logger = new Logger('MongoConnection');

/**
 * The service's MongoDB connection: MONGO_URL names the server (a mongos in a sharded cluster),
 * MONGO_DB the database the service owns. A short server selection timeout makes an outage surface
 * as a 503 quickly: a stopped server refuses connections at once, whatever the timeouts below.
 */
export const MongoConnectionModule = MongooseModule.forRootAsync({
  inject: [ConfigService],
  useFactory: (config: ConfigService) => ({
    uri: config.getOrThrow<string>('MONGO_URL'),
    dbName: config.getOrThrow<string>('MONGO_DB'),
    serverSelectionTimeoutMS: 3000,
    // Also the monitor's time limit for each check of the server (hello) when it polls, as it
    // always does on FerretDB (its hello has no topologyVersion, so the driver cannot stream). A
    // check past it marks the server unknown, clears the pool and interrupts every operation in
    // flight: at 3 s, a host starved of CPU for a few seconds failed healthy writes.
    connectTimeoutMS: 10000,
    // Generous: a socket timeout abandons a write the server may still apply, and a retry after it
    // could apply it twice where updates are guarded in-process (FerretDB, see updateOneGuarded).
    // Callers' deadlines (service calls, readiness checks) bound how long anyone waits.
    socketTimeoutMS: 60000,
    retryAttempts: 3,
    connectionFactory: (connection: Connection) => {
      watchServerMonitors(connection.getClient(), {
        onStuck: (address, stuckForMs, restarted) =>
          restarted
            ? logger.warn(`The driver's check of ${address} was pending for ${stuckForMs} ms, past every limit the driver sets: its monitor was restarted`)
            : logger.error(`The driver's check of ${address} is pending for ${stuckForMs} ms and its monitor cannot be restarted (driver internals changed)`),
      });
      return connection;
    },
  }),
});
