export interface KafkaOptions {
  clientId: string;
  brokers: string[];
  /** Prepended to every declared topic, so several environments (or test runs) can share one cluster. */
  topicPrefix?: string;
}

export const KAFKA_OPTIONS = Symbol('KAFKA_OPTIONS');
