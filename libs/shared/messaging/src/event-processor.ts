import { Logger } from '@nestjs/common';
import { eventEnvelopeSchema, parseEvent } from '@bazaar/contracts';
import { IncomingMessage } from './event-consumer';
import { EventHandler, NonRetryableEventError } from './event-handler';
import { ProcessedEventStore } from './processed-event.store';
import { backoffDelay, RetryPolicy, sleep } from './retry-policy';

export interface EventProcessorOptions {
  groupId: string;
  handlers: EventHandler[];
  store: ProcessedEventStore;
  retry: RetryPolicy;
  /** Parks a message on its dead-letter topic; if this throws, the message is not committed and comes back. */
  deadLetter(message: IncomingMessage, reason: string): Promise<void>;
  logger?: Logger;
}

function decode(value: Buffer | null): { ok: true; value: unknown } | { ok: false; reason: string } {
  if (value === null) return { ok: false, reason: 'empty message' };
  try {
    return { ok: true, value: JSON.parse(value.toString('utf8')) };
  } catch (error) {
    return { ok: false, reason: `not JSON: ${(error as Error).message}` };
  }
}

/**
 * One message, start to finish: decode, validate, de-duplicate by event id, handle with bounded
 * retries, and park what cannot be handled on the dead-letter topic so the partition moves on.
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
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.handleOnce(handler, event, context);
      } catch (error) {
        const reason = `${(error as Error).name}: ${(error as Error).message}`;
        if (error instanceof NonRetryableEventError) return this.park(message, reason);
        if (attempt >= attempts) return this.park(message, `failed ${attempts} times, last: ${reason}`);
        const delay = backoffDelay(this.options.retry, attempt);
        this.logger.warn(`${event.type} ${event.id} failed (attempt ${attempt}/${attempts}), retrying in ${delay} ms: ${reason}`);
        await sleep(delay);
        await message.heartbeat();
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
   */
  private async handleOnce(handler: EventHandler, event: Parameters<EventHandler['handle']>[0], context: Parameters<EventHandler['handle']>[1]) {
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
