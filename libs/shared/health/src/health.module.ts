import { DynamicModule, FactoryProvider, Module, ModuleMetadata } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DEPENDENCY_CHECKS, DependencyCheck } from './dependency-check';
import { HealthController } from './health.controller';

export interface HealthChecksOptions {
  imports?: ModuleMetadata['imports'];
  inject?: FactoryProvider['inject'];
  useFactory: (...deps: never[]) => DependencyCheck[];
}

/** `/health/live` and `/health/ready` (terminus), the latter checking the given dependencies. */
@Module({})
export class HealthModule {
  static forRoot(options: HealthChecksOptions): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false }), ...(options.imports ?? [])],
      controllers: [HealthController],
      providers: [{ provide: DEPENDENCY_CHECKS, useFactory: options.useFactory, inject: options.inject ?? [] }],
    };
  }
}
