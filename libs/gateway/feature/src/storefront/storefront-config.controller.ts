import { Controller, Get, UseFilters, UseGuards } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HttpErrorFilter } from '../http/http-error.filter';
import { NotCheckout } from '../http/checkout-throttler';
import { RateLimitGuard } from '../http/rate-limit.guard';

/** What the storefront reads at start; public, so it holds nothing secret. */
export interface StorefrontConfig {
  /** The Jaeger UI a shopper's trace ids link to (`<jaegerUrl>/trace/<id>`), or null when there is none. */
  jaegerUrl: string | null;
}

@ApiTags('storefront')
@UseFilters(HttpErrorFilter)
@UseGuards(RateLimitGuard)
@NotCheckout()
@Controller('config')
export class StorefrontConfigController {
  private readonly storefrontConfig: StorefrontConfig;

  constructor(config: ConfigService) {
    this.storefrontConfig = { jaegerUrl: config.get<string>('STOREFRONT_JAEGER_URL')?.replace(/\/+$/, '') || null };
  }

  @Get()
  @ApiOperation({ summary: 'Public runtime settings of the storefront (the Jaeger UI its trace links point at)' })
  @ApiOkResponse({ schema: { properties: { jaegerUrl: { type: 'string', nullable: true, example: 'http://localhost:16686' } } } })
  get(): StorefrontConfig {
    return this.storefrontConfig;
  }
}
