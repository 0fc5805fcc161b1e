import type { ConfigService } from '@nestjs/config';
import type Redis from 'ioredis';
import { ServiceError } from '@bazaar/shared/rpc';
import { sentinelAddresses } from '@bazaar/shared/redis';

/** How long a write waits for its replicas (REDIS_WAIT_TIMEOUT_MS); on one machine or in one zone they answer within a millisecond or two. */
export const REPLICA_WAIT_TIMEOUT_MS = 1000;

export interface ReplicaAcknowledgementSettings {
  /** Replicas that must hold a write before it is acknowledged; 0 acknowledges what the primary alone has. */
  replicas: number;
  timeoutMs: number;
}

/**
 * The cart's durability guarantee (docs/adr/0010-cart-writes-acknowledged-by-a-replica.md): a cart
 * write is acknowledged only once `replicas` replicas have it (Redis `WAIT`), so an acknowledged
 * write survives the loss of the primary: Sentinel promotes a replica that has it.
 *
 * When they do not confirm in time, or the connection changed between the write and the `WAIT`
 * (a `WAIT` on a new connection counts none of the old one's writes), the caller gets a 503: the
 * write is then *not acknowledged*. It is on the primary, and stays in the cart if the primary
 * survives or a replica catches up, or is lost if the primary dies first; a shopper who retries an
 * "add 1" after a 503 may therefore find 2 when the first one stayed.
 */
export class ReplicaAcknowledgement {
  /**
   * Counts connections lost. A write that starts before the first connection is up (commands wait
   * in ioredis's offline queue) runs and waits on that first connection, so it must still count as
   * one connection: counting connections made ('ready') refused it.
   */
  private connection = 0;

  constructor(
    private readonly redis: Redis,
    private readonly settings: ReplicaAcknowledgementSettings,
  ) {
    redis.on('close', () => this.connection++);
  }

  /** Runs the write, then waits until enough replicas hold it (WAIT, on the same connection). */
  async write<T>(operation: () => Promise<T>): Promise<T> {
    const { replicas, timeoutMs } = this.settings;
    if (replicas === 0) return operation();
    const connection = this.connection;
    const result = await operation();
    const confirmed = await this.redis.wait(replicas, timeoutMs);
    if (connection !== this.connection) throw ServiceError.unavailable('redis', 'reconnected during a write: not acknowledged, may or may not be kept');
    if (confirmed < replicas) {
      throw ServiceError.unavailable('redis', `${confirmed} of ${replicas} replica(s) confirmed the write within ${timeoutMs} ms: not acknowledged, may or may not be kept`);
    }
    return result;
  }
}

/** REDIS_WAIT_REPLICAS; by default 1 through Sentinel (a replica is there to confirm) and 0 with a single REDIS_URL. */
export function replicaAcknowledgementSettings(config: ConfigService): ReplicaAcknowledgementSettings {
  const number = (key: string) => {
    const value = config.get<number | string>(key);
    return value === undefined || value === '' ? undefined : Number(value);
  };
  return {
    replicas: number('REDIS_WAIT_REPLICAS') ?? (sentinelAddresses(config).length ? 1 : 0),
    timeoutMs: number('REDIS_WAIT_TIMEOUT_MS') ?? REPLICA_WAIT_TIMEOUT_MS,
  };
}
