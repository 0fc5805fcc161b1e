import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { OrdersRepository, OutboxStore } from '@bazaar/order/data-access';
import { backoffDelay, EventPublisher, InvalidEventError } from '@bazaar/shared/messaging';
import { publishedContract } from './order-events';

export interface OutboxRelayOptions {
  /** How often to look for unsent events when nobody nudges. */
  pollIntervalMs: number;
  /** Orders per pass. */
  batchSize: number;
  /** The longest wait between attempts while publishing fails. */
  maxBackoffMs: number;
}

export const OUTBOX_RELAY_OPTIONS = Symbol('OUTBOX_RELAY_OPTIONS');
export const DEFAULT_OUTBOX_RELAY_OPTIONS: OutboxRelayOptions = { pollIntervalMs: 1000, batchSize: 100, maxBackoffMs: 30_000 };

/**
 * Publishes the events waiting in order documents, then marks them sent. Everything it needs is in
 * MongoDB, so a restart simply carries on. A crash between publish and mark re-publishes the
 * event later with the same id, which consumers de-duplicate: at least once, applied once.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private running = false;
  private loop?: Promise<void>;
  private nudged = false;
  private wake?: () => void;

  constructor(
    @Inject(OrdersRepository) private readonly store: OutboxStore,
    @Inject(EventPublisher) private readonly publisher: Pick<EventPublisher, 'publish'>,
    @Inject(OUTBOX_RELAY_OPTIONS) private readonly options: OutboxRelayOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Something was just written to an outbox: look now instead of at the next poll. */
  nudge(): void {
    this.nudged = true;
    this.wake?.();
  }

  /** One pass: publishes the pending events of up to `batchSize` orders; returns how many it published. */
  async relayOnce(): Promise<number> {
    let published = 0;
    for (const { orderId, events } of await this.store.findPending(this.options.batchSize)) {
      const sent: string[] = [];
      try {
        // One order's events go out in the order they were written, and stop at the first failure.
        for (const event of events) {
          await this.publisher.publish(publishedContract(event.type), [event]);
          sent.push(event.id);
        }
      } catch (error) {
        // A broken event is a bug in this service: say so and let the other orders' events through.
        if (!(error instanceof InvalidEventError)) throw error;
        this.logger.error(`Order ${orderId} has an event that breaks its contract and stays unsent: ${error.message}`);
      } finally {
        if (sent.length > 0) await this.store.markSent(orderId, sent, new Date());
      }
      published += sent.length;
    }
    return published;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      let delay = this.options.pollIntervalMs;
      this.nudged = false;
      try {
        const published = await this.relayOnce();
        if (failures > 0) this.logger.log(`Outbox relay publishes again after ${failures} failed attempts`);
        failures = 0;
        if (published > 0) delay = 0;
      } catch (error) {
        // Logged once per outage, not once per attempt.
        if (failures++ === 0) this.logger.warn(`Outbox relay cannot publish, retrying with backoff: ${(error as Error).message}`);
        delay = backoffDelay({ initialDelayMs: this.options.pollIntervalMs, maxDelayMs: this.options.maxBackoffMs }, failures);
      }
      if (!this.nudged || failures > 0) await this.sleep(delay, failures === 0);
    }
  }

  /** Waits, cut short by stop() and, unless publishing is failing, by a nudge. */
  private sleep(ms: number, wakeOnNudge: boolean): Promise<void> {
    if (ms === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = () => {
        if (wakeOnNudge || !this.running) done();
      };
    });
  }
}
