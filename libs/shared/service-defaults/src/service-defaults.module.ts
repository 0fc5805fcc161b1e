import { DynamicModule, Module } from '@nestjs/common';
import { HealthChecksOptions, HealthModule } from '@bazaar/shared/health';
import { JsonLoggerModule } from '@bazaar/shared/observability';
import { PingController } from './ping.controller';
import { TracingShutdown } from './tracing-shutdown';

export interface ServiceDefaultsOptions {
  health: HealthChecksOptions;
}

/** The one call that gives a service JSON logs, health endpoints and tracing shutdown. */
@Module({})
export class ServiceDefaultsModule {
  static forRoot({ health }: ServiceDefaultsOptions): DynamicModule {
    return {
      module: ServiceDefaultsModule,
      imports: [JsonLoggerModule, HealthModule.forRoot(health)],
      controllers: [PingController],
      providers: [TracingShutdown],
    };
  }
}
