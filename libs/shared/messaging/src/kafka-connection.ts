import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Admin, Consumer, Kafka, logLevel, LogEntry, Producer } from 'kafkajs';
import type { DependencyCheck } from '@bazaar/shared/health';
import { ConsumerHealth } from './consumer-health';
import { fixKafkaIdleTimers } from './kafka-idle-timer.fix';
import { groupTiming, KAFKA_OPTIONS, KafkaOptions } from './kafka-options';

export interface TopicSpec {
  topic: string;
  numPartitions: number;
}

const kafkaLogger = new Logger('kafkajs');
const logToNest = () => ({ level, log }: LogEntry) => {
  const { message, ...extra } = log;
  const line = `${message} ${JSON.stringify(extra)}`;
  if (level === logLevel.ERROR) kafkaLogger.error(line);
  else if (level === logLevel.WARN) kafkaLogger.warn(line);
  else kafkaLogger.debug(line);
};

/** The one kafkajs client of a service: a lazily connected idempotent producer and admin. */
@Injectable()
export class KafkaConnection implements OnApplicationShutdown, DependencyCheck {
  readonly name = 'kafka';
  readonly kafka: Kafka;
  /** Whether this client's consumer groups flow or wait for a dependency: reported with the kafka check. */
  readonly consumerHealth = new ConsumerHealth();
  private readonly topicPrefix: string;
  private readonly groupTiming: ReturnType<typeof groupTiming>;
  private producer?: Promise<Producer>;
  private admin?: Promise<Admin>;

  constructor(@Inject(KAFKA_OPTIONS) options: KafkaOptions) {
    fixKafkaIdleTimers();
    this.topicPrefix = options.topicPrefix ?? '';
    this.groupTiming = groupTiming(options);
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      connectionTimeout: 3000,
      requestTimeout: 10000,
      retry: { initialRetryTime: 200, retries: 5 },
      logLevel: logLevel.WARN,
      logCreator: logToNest,
    });
  }

  /** The topic's name on the broker: the declared name with this environment's prefix. */
  topicName(declared: string): string {
    return this.topicPrefix + declared;
  }

  /**
   * The consumer group's name on the broker, prefixed like the topics: environments that share a
   * broker must not share groups either, or each start waits for the other's members to time out.
   */
  groupName(declared: string): string {
    return this.topicPrefix + declared;
  }

  /** A consumer of the declared group, with this client's group timing. */
  consumer(declaredGroup: string): Consumer {
    return this.kafka.consumer({ groupId: this.groupName(declaredGroup), allowAutoTopicCreation: false, ...this.groupTiming });
  }

  /** acks=all and idempotence: a retried send is written once per partition. */
  connectedProducer(): Promise<Producer> {
    this.producer ??= this.connect(() => this.kafka.producer({ idempotent: true, maxInFlightRequests: 1 }), () => (this.producer = undefined));
    return this.producer;
  }

  async ping(): Promise<void> {
    const admin = await this.connectedAdmin();
    await admin.describeCluster().catch((error) => this.forgetAdmin(error));
  }

  subChecks(): DependencyCheck[] {
    return this.consumerHealth.checks();
  }

  async ensureTopics(topics: TopicSpec[]): Promise<void> {
    const admin = await this.connectedAdmin();
    // Only the missing ones: asking to create an existing topic makes kafkajs log an error.
    const existing = new Set(await admin.listTopics().catch((error) => this.forgetAdmin(error)));
    const missing = topics.map(({ topic, numPartitions }) => ({ topic: this.topicName(topic), numPartitions })).filter(({ topic }) => !existing.has(topic));
    if (missing.length === 0) return;
    await admin
      .createTopics({ waitForLeaders: true, topics: missing })
      .catch((error) => this.forgetAdmin(error));
  }

  async onApplicationShutdown(): Promise<void> {
    const clients = await Promise.allSettled([this.producer, this.admin].filter(Boolean));
    await Promise.allSettled(clients.map((c) => (c.status === 'fulfilled' ? c.value?.disconnect() : undefined)));
  }

  private connectedAdmin(): Promise<Admin> {
    this.admin ??= this.connect(() => this.kafka.admin(), () => (this.admin = undefined));
    return this.admin;
  }

  private forgetAdmin(error: unknown): never {
    void this.admin?.then((admin) => admin.disconnect()).catch(() => undefined);
    this.admin = undefined;
    throw error;
  }

  /** Connects once; a failed connection is forgotten so the next call tries again. */
  private async connect<C extends { connect(): Promise<void> }>(create: () => C, forget: () => void): Promise<C> {
    const client = create();
    try {
      await client.connect();
      return client;
    } catch (error) {
      forget();
      throw error;
    }
  }
}
