import { CART_REDIS_POLICY } from './redis.module';
import { REPLICA_WAIT_TIMEOUT_MS, replicaAcknowledgementSettings } from './replica-acknowledgement';

const config = (values: Record<string, unknown>) =>
  ({
    get: (key: string) => values[key],
    getOrThrow: (key: string) => {
      if (values[key] === undefined) throw new Error(`${key} missing`);
      return values[key];
    },
  }) as never;

describe('the cart’s Redis connection', () => {
  it('fails a command after one reconnection attempt, and never sends an unanswered command again', () => {
    expect(CART_REDIS_POLICY).toMatchObject({ maxRetriesPerRequest: 1, autoResendUnfulfilledCommands: false });
  });
});

describe('REDIS_SENTINELS read from the raw environment (no env schema in between)', () => {
  it('asks one replica to acknowledge by default, and reads the numbers given as strings', () => {
    expect(replicaAcknowledgementSettings(config({ REDIS_SENTINELS: '127.0.0.1:26379' }))).toEqual({ replicas: 1, timeoutMs: REPLICA_WAIT_TIMEOUT_MS });
    expect(replicaAcknowledgementSettings(config({ REDIS_SENTINELS: '127.0.0.1:26379', REDIS_WAIT_REPLICAS: '0', REDIS_WAIT_TIMEOUT_MS: '250' }))).toEqual({ replicas: 0, timeoutMs: 250 });
  });
});
