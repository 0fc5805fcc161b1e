import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { DEPENDENCY_CHECKS, DependencyCheck, DependencyDownError, READINESS_TIMEOUT_MS, withTimeout } from './dependency-check';

// The probes' OpenAPI responses are added only where a document is built (documentHealthChecks):
// terminus's @HealthCheck() would otherwise load @nestjs/swagger, with lodash and js-yaml, into
// every service (2.3 MB of catalog's live heap; docs/adr/0013).
const NO_CACHE_ONLY = { noCache: true, swaggerDocumentation: false };

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(DEPENDENCY_CHECKS) private readonly checks: DependencyCheck[],
  ) {}

  /** The process is up and its event loop turns; dependencies are not consulted. */
  @Get('live')
  @HealthCheck(NO_CACHE_ONLY)
  live() {
    return this.health.check([]);
  }

  /** 200 when every dependency that gates readiness answers, 503 naming the ones that do not. */
  @Get('ready')
  @HealthCheck(NO_CACHE_ONLY)
  ready() {
    return this.report(this.allChecks().filter((check) => check.gatesReadiness !== false));
  }

  /** Every dependency, those that do not gate readiness included: 503 naming the ones down. */
  @Get('dependencies')
  @HealthCheck(NO_CACHE_ONLY)
  dependencies() {
    return this.report(this.allChecks());
  }

  private allChecks(): DependencyCheck[] {
    return this.checks.flatMap((check) => [check, ...(check.subChecks?.() ?? [])]);
  }

  private report(checks: DependencyCheck[]) {
    return this.health.check(checks.map((check) => () => this.probe(check)));
  }

  private async probe(check: DependencyCheck) {
    const indicator = this.indicators.check(check.name);
    try {
      await withTimeout(check.ping(), READINESS_TIMEOUT_MS, check.name);
      return indicator.up();
    } catch (error) {
      const details = error instanceof DependencyDownError ? error.details : {};
      return indicator.down({ message: `${check.name} is unavailable: ${(error as Error).message}`, ...details });
    }
  }
}

const PROBES = ['live', 'ready', 'dependencies'] as const;

/** Documents each probe's 200 and 503 (terminus's schemas) in the OpenAPI document built after this call. */
export function documentHealthChecks(): void {
  const documented = HealthCheck({ noCache: false, swaggerDocumentation: true });
  for (const probe of PROBES) {
    const descriptor = Object.getOwnPropertyDescriptor(HealthController.prototype, probe);
    if (descriptor) documented(HealthController.prototype, probe, descriptor);
  }
}
