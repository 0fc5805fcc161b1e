import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { DEPENDENCY_CHECKS, DependencyCheck, DependencyDownError, READINESS_TIMEOUT_MS, withTimeout } from './dependency-check';

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(DEPENDENCY_CHECKS) private readonly checks: DependencyCheck[],
  ) {}

  /** The process is up and its event loop turns; dependencies are not consulted. */
  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /** 200 when every dependency that gates readiness answers, 503 naming the ones that do not. */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.report(this.allChecks().filter((check) => check.gatesReadiness !== false));
  }

  /** Every dependency, those that do not gate readiness included: 503 naming the ones down. */
  @Get('dependencies')
  @HealthCheck()
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
