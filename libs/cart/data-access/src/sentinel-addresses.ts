import type { ConfigService } from '@nestjs/config';

/**
 * REDIS_SENTINELS as a list: the app's env schema parses it into one, a module configured from the
 * raw environment (the libs' tests) sees the comma-separated string.
 */
export function sentinelAddresses(config: ConfigService): string[] {
  const value = config.get<string | string[]>('REDIS_SENTINELS');
  return typeof value === 'string' ? value.split(',').map((address) => address.trim()).filter(Boolean) : [...(value ?? [])];
}
