import { Logger } from '@nestjs/common';
import { eventEnvelopeSchema, parseEvent } from '@bazaar/contracts';
import { IncomingMessage } from './event-consumer';
import { EventHandler } from './event-handler';
import { ProcessedEventStore } from './processed-event.store';
import { ConsumerHealth } from './consumer-health';
import { classifyFailure, FailureClassifier } from './failure-classifier';
import { BackoffPolicy, backoffDelay, RetryPolicy } from './retry-policy';

export interface EventProcessorOptions {
  groupId: string;
  handlers: EventHandler[];
  store: ProcessedEventStore;
  /** For failures of unknown cause: attempts in all, then the message is parked. */
  retry: RetryPolicy;
  /** The wait between attempts while a dependency is unavailable: retried without limit. */
  blockedBackoff?: BackoffPolicy;
  /** Asked before the default classifiers: a service's own transient or poison errors. */
  classifiers?: readonly FailureClassifier[];
  /** Told when the group starts and stops waiting for a dependency (readiness, metrics). */
  health?: Pick<ConsumerHealth, 'blocked' | 'resumed'>;
  /** Parks a message on its dead-letter topic; if this throws, the message is not committed and comes back. */
  deadLetter(message: IncomingMessage, reason: string): Promise<void>;
  logger?: Logger;
}

/** Capped at 5 s: well inside the session timeout, and the dependency is noticed soon after it returns. */
export const DEFAULT_BLOCKED_BACKOFF: BackoffPolicy = { initialDelayMs: 200, maxDelayMs: 5000 };

/** The consumer is stopping while a message waits for a dependency: it stays uncommitted and comes back. */
export class ConsumerStoppedError extends Error {
  override readonly name = 'ConsumerStoppedError';
}

/** Waits `ms`, or rejects with ConsumerStoppedError as soon as the signal aborts. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) return Promise.reject(new ConsumerStoppedError('consumer stopped'));
  return new Promise((resolve, reject) => {
    const stopped = () => {
      clearTimeout(timer);
      reject(new ConsumerStoppedError('consumer stopped'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', stopped);
      resolve();
    }, ms);
    signal?.addEventListener('abort', stopped, { once: true });
  });
}

const describe = (error: unknown) => `${(error as Error)?.name}: ${(error as Error)?.message}`;

function decode(value: Buffer | null): { ok: true; value: unknown } | { ok: false; reason: string } {
  if (value === null) return { ok: false, reason: 'empty message' };
  try {
    return { ok: true, value: JSON.parse(value.toString('utf8')) };
  } catch (error) {
    return { ok: false, reason: `not JSON: ${(error as Error).message}` };
  }
}

/**
 * One message, start to finish: decode, validate, de-duplicate by event id, handle, and decide what
 * a failure means (classifyFailure):
 * - undecodable, off-contract, or poison by the handler's failure: parked at once with the reason;
 * - a dependency unavailable: never parked. The message blocks its partition (not committed, not
 *   passed) and is retried with capped backoff until it succeeds or the consumer stops; heartbeats
 *   keep the group membership, and `health` names the group and the dependency meanwhile;
 * - any other error: retried `retry.attempts` times in all, then parked.
 */
export class EventProcessor {
  private readonly handlers: Map<string, EventHandler>;
  private readonly logger: Logger;

  constructor(private readonly options: EventProcessorOptions) {
    this.handlers = new Map(options.handlers.map((handler) => [handler.contract.type, handler]));
    this.logger = options.logger ?? new Logger(`EventProcessor:${options.groupId}`);
  }

  async process(message: IncomingMessage): Promise<void> {
    const decoded = decode(message.value);
    if (!decoded.ok) return this.park(message, decoded.reason);
    const envelope = eventEnvelopeSchema.safeParse(decoded.value);
    if (!envelope.success) return this.park(message, `invalid envelope: ${envelope.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    // A topic carries several event types; those this group has no handler for are not its business.
    const handler = this.handlers.get(envelope.data.type);
    if (!handler) return;
    const parsed = parseEvent(handler.contract, decoded.value);
    if (!parsed.ok) return this.park(message, parsed.reason);
    const event = parsed.event;
    const context = { topic: message.topic, partition: message.partition, offset: message.offset, headers: message.headers };

    const { attempts } = this.options.retry;
    const partition = `${message.topic}[${message.partition}]`;
    let unknownFailures = 0;
    let blockedAttempts = 0;
    try {
      for (;;) {
        try {
          return await this.handleOnce(handler, event, context);
        } catch (error) {
          const reason = describe(error);
          const failure = classifyFailure(error, this.options.classifiers);
          let delay: number;
          if (failure.kind === 'poison') return await this.park(message, reason);
          if (failure.kind === 'transient') {
            blockedAttempts++;
            this.options.health?.blocked(this.options.groupId, partition, failure.dependency, reason);
            delay = backoffDelay(this.options.blockedBackoff ?? DEFAULT_BLOCKED_BACKOFF, blockedAttempts);
            // Once when the wait starts, then about once a minute.
            if (blockedAttempts % 20 === 1) this.logger.warn(`${event.type} ${event.id} waits for ${failure.dependency} (attempt ${blockedAttempts}), partition ${partition} blocked: ${reason}`);
          } else {
            if (++unknownFailures >= attempts) return await this.park(message, `failed ${attempts} times, last: ${reason}`);
            delay = backoffDelay(this.options.retry, unknownFailures);
            this.logger.warn(`${event.type} ${event.id} failed (attempt ${unknownFailures}/${attempts}), retrying in ${delay} ms: ${reason}`);
          }
          await pause(delay, message.signal);
          await message.heartbeat();
        }
      }
    } finally {
      if (blockedAttempts > 0) {
        this.options.health?.resumed(this.options.groupId, partition);
        this.logger.log(`${partition} of ${this.options.groupId} no longer waits (${blockedAttempts} attempts while blocked)`);
      }
    }
  }

  /**
   * Idempotency by event id, recorded AFTER the handler succeeds. Recording first would lose the
   * event if we crashed before handling it (at-most-once); recording first with a "started" state
   * does not help either, since after a crash we could not tell whether the handler's write
   * happened. So a crash between handle and record replays the handler once more: every handler
   * must also be naturally idempotent (a conditional update on the aggregate's state). The record
   * makes the common duplicates (redelivery after a rebalance, an outbox re-publish) cheap no-ops.
   * A handler declared `naturallyIdempotent` gets no record: its own conditional writes already
   * make a repeat a no-op, and the record would be two more database calls per event.
   */
  private async handleOnce(handler: EventHandler, event: Parameters<EventHandler['handle']>[0], context: Parameters<EventHandler['handle']>[1]) {
    if (handler.naturallyIdempotent) return handler.handle(event, context);
    const { store, groupId } = this.options;
    if (await store.has(groupId, event.id)) {
      this.logger.debug(`${event.type} ${event.id} already processed by ${groupId}, skipped`);
      return;
    }
    await handler.handle(event, context);
    await store.record(groupId, event.id, event.type);
  }

  private async park(message: IncomingMessage, reason: string): Promise<void> {
    this.logger.error(`Parking ${message.topic}[${message.partition}]@${message.offset} on the dead-letter topic: ${reason}`);
    await this.options.deadLetter(message, reason);
  }
}
