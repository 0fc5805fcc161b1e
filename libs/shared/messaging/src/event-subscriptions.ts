import { Injectable, Logger, BeforeApplicationShutdown } from '@nestjs/common';
import { EventTopic } from '@bazaar/contracts';
import { deadLetterOf, deadLetterTopic } from './dead-letter';
import { EventConsumer } from './event-consumer';
import { EventHandler } from './event-handler';
import { Consumer } from 'kafkajs';
import { EventProcessor } from './event-processor';
import { FailureClassifier } from './failure-classifier';
import { EventPublisher } from './event-publisher';
import { KafkaConnection } from './kafka-connection';
import { ProcessedEventStore } from './processed-event.store';
import { BackoffPolicy, backoffDelay, DEFAULT_RETRY_POLICY, RetryPolicy, sleep } from './retry-policy';

export interface EventSubscriptionOptions {
  groupId: string;
  handlers: EventHandler[];
  store: ProcessedEventStore;
  /** For failures of unknown cause (bounded, then parked). */
  retry?: RetryPolicy;
  /** The wait between attempts while a dependency is unavailable (unbounded). */
  blockedBackoff?: BackoffPolicy;
  /** The service's own error types, asked before the default classifiers. */
  classifiers?: readonly FailureClassifier[];
}


/** The blockage a group has while it is not a member of its group (starting, or crashed). */
const GROUP_MEMBERSHIP = 'group membership';
/**
 * Consumes events with validation, de-duplication, retries and a dead-letter topic per source topic.
 * A group waiting for a dependency shows as `kafka-consumer:<group>` down in readiness.
 */
@Injectable()
export class EventSubscriptions implements BeforeApplicationShutdown {
  private readonly logger = new Logger(EventSubscriptions.name);
  private stopping = false;

  constructor(
    private readonly connection: KafkaConnection,
    private readonly consumer: EventConsumer,
    private readonly publisher: EventPublisher,
  ) {}

  /**
   * Creates the topics and their dead-letter topics if missing, then consumes. The group is on
   * readiness from the start, not ready until it consumes (kafkajs' run() returns once the group
   * is joined): a service must not answer ready while one of its groups reads nothing yet.
   */
  async start({ groupId, handlers, store, retry = DEFAULT_RETRY_POLICY, blockedBackoff, classifiers }: EventSubscriptionOptions): Promise<Consumer> {
    const health = this.connection.consumerHealth;
    health.register(groupId);
    health.blocked(groupId, GROUP_MEMBERSHIP, 'kafka', 'not consuming yet: joining its group');
    const topics = [...new Map<string, EventTopic>(handlers.map(({ contract }) => [contract.topic.topic, contract.topic])).values()];
    await this.connection.ensureTopics([...topics, ...topics.map((spec) => ({ ...spec, topic: deadLetterTopic(spec.topic) }))]);
    const processor = new EventProcessor({
      groupId,
      handlers,
      store,
      retry,
      blockedBackoff,
      classifiers,
      health: this.connection.consumerHealth,
      deadLetter: (message, reason) => this.publisher.send(deadLetterTopic(message.topic), [deadLetterOf(message, groupId, reason)]),
    });
    const consumer = await this.consumer.subscribe({
      groupId,
      topics: topics.map(({ topic }) => this.connection.topicName(topic)),
      // A new group starts at the beginning: events published before its first start are its business too.
      fromBeginning: true,
      handle: (message) => processor.process(message),
    });
    health.resumed(groupId, GROUP_MEMBERSHIP);
    this.reportMembership(consumer, groupId);
    return consumer;
  }

  /**
   * A consumer that crashed (the broker went away, its coordinator is loading) consumes nothing
   * until it has joined its group again, which after a broker restart can take as long as the old
   * member's session: readiness says so meanwhile, instead of answering ready with a backlog
   * nobody reads (catalog's cancellations, and with them the stock they give back).
   */
  private reportMembership(consumer: Consumer, groupId: string): void {
    const health = this.connection.consumerHealth;
    consumer.on(consumer.events.CRASH, ({ payload }) => health.blocked(groupId, GROUP_MEMBERSHIP, 'kafka', `consumer crashed: ${payload.error.message}`));
    consumer.on(consumer.events.GROUP_JOIN, () => health.resumed(groupId, GROUP_MEMBERSHIP));
  }

  /** `start`, retried with backoff in the background while Kafka is unreachable, so the service still boots. */
  startWhenAvailable(options: EventSubscriptionOptions): void {
    void (async () => {
      for (let attempt = 1; !this.stopping; attempt++) {
        try {
          await this.start(options);
          if (attempt > 1) this.logger.log(`${options.groupId} is consuming after ${attempt} attempts`);
          return;
        } catch (error) {
          if (attempt === 1) this.logger.warn(`${options.groupId} cannot consume yet, retrying in the background: ${(error as Error).message}`);
          await sleep(backoffDelay({ initialDelayMs: 500, maxDelayMs: 30_000 }, attempt));
        }
      }
    })();
  }

  beforeApplicationShutdown(): void {
    this.stopping = true;
  }
}
