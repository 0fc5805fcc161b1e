import { Controller, Get } from '@nestjs/common';
import { CatalogCache, CatalogCacheStats } from '@bazaar/catalog/data-access';

export interface CatalogCacheReport extends CatalogCacheStats {
  /** Hits over every read that went through the cache (hits, misses and reads that bypassed it). */
  hitRatio: number | null;
}

/** The read cache's counters since start, on the service's own HTTP port (next to its health; not routed by the gateway). */
@Controller('cache')
export class CatalogCacheStatsController {
  constructor(private readonly cache: CatalogCache) {}

  @Get('stats')
  stats(): CatalogCacheReport {
    const stats = this.cache.stats;
    const reads = stats.hits + stats.misses + stats.bypassed;
    return { ...stats, hitRatio: reads === 0 ? null : stats.hits / reads };
  }
}
