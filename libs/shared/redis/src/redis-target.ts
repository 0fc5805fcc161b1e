import type { ConfigService } from '@nestjs/config';

/** A primary found through Sentinel: the client asks the Sentinels where `name` is, and again after a failover. */
export interface SentinelTarget {
  /** host:port of each Sentinel. */
  sentinels: readonly string[];
  /** The primary's name in the Sentinels' configuration (REDIS_SENTINEL_NAME). */
  name: string;
}

/** A redis:// URL (one fixed server) or the Sentinels that name the primary. */
export type RedisTarget = string | SentinelTarget;

/**
 * REDIS_SENTINELS as a list: the app's env schema parses it into one, a module configured from the
 * raw environment (the libs' tests) sees the comma-separated string.
 */
export function sentinelAddresses(config: ConfigService): string[] {
  const value = config.get<string | string[]>('REDIS_SENTINELS');
  return typeof value === 'string' ? value.split(',').map((address) => address.trim()).filter(Boolean) : [...(value ?? [])];
}

/** REDIS_SENTINELS (with REDIS_SENTINEL_NAME) when set, else REDIS_URL; undefined when neither is. */
export function redisTarget(config: ConfigService): RedisTarget | undefined {
  const sentinels = sentinelAddresses(config);
  if (sentinels.length) return { sentinels, name: config.getOrThrow<string>('REDIS_SENTINEL_NAME') };
  return config.get<string>('REDIS_URL') || undefined;
}
