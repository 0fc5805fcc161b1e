import { DynamicModule, Module } from '@nestjs/common';
import { HealthChecksOptions, HealthModule } from '@bazaar/shared/health';
import { JsonLoggerModule } from '@bazaar/shared/observability';
import { PingController } from './ping.controller';
import { ShutdownState } from './shutdown-state';
import { TracingShutdown } from './tracing-shutdown';

export interface ServiceDefaultsOptions {
  health: HealthChecksOptions;
}

/** The one call that gives a service JSON logs, health endpoints, graceful shutdown and tracing shutdown. */
@Module({})
export class ServiceDefaultsModule {
  static forRoot({ health }: ServiceDefaultsOptions): DynamicModule {
    const shutdown = new ShutdownState();
    // Readiness also answers 503 from the moment shutdown begins.
    const checks = { ...health, useFactory: (...deps: never[]) => [...health.useFactory(...deps), shutdown.readinessCheck] };
    return {
      module: ServiceDefaultsModule,
      imports: [JsonLoggerModule, HealthModule.forRoot(checks)],
      controllers: [PingController],
      providers: [TracingShutdown, { provide: ShutdownState, useValue: shutdown }],
      exports: [ShutdownState],
    };
  }
}
