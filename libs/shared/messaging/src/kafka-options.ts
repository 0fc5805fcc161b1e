export interface KafkaOptions {
  clientId: string;
  brokers: string[];
  /** Prepended to every declared topic, so several environments (or test runs) can share one cluster. */
  topicPrefix?: string;
  /** How long the group waits for a silent member before moving its partitions (kafkajs' default 30 s). */
  sessionTimeoutMs?: number;
}

/**
 * The consumer's group timing: the session, and heartbeats at most a third of it apart (kafkajs'
 * 3 s unless the session is shorter than 9 s), so two late heartbeats do not cost the membership.
 */
export function groupTiming({ sessionTimeoutMs = 30_000 }: Pick<KafkaOptions, 'sessionTimeoutMs'>): { sessionTimeout: number; heartbeatInterval: number } {
  return { sessionTimeout: sessionTimeoutMs, heartbeatInterval: Math.min(3000, Math.floor(sessionTimeoutMs / 3)) };
}

export const KAFKA_OPTIONS = Symbol('KAFKA_OPTIONS');
