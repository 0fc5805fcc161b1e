import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ReservationsRepository } from '@bazaar/catalog/data-access';
import { backoffDelay, EventPublisher, InvalidEventError } from '@bazaar/shared/messaging';
import { publishedContract } from './stock-events';

export interface StockOutboxRelayOptions {
  pollIntervalMs: number;
  batchSize: number;
  maxBackoffMs: number;
}

export const STOCK_OUTBOX_RELAY_OPTIONS = Symbol('STOCK_OUTBOX_RELAY_OPTIONS');
export const DEFAULT_STOCK_OUTBOX_RELAY_OPTIONS: StockOutboxRelayOptions = { pollIntervalMs: 1000, batchSize: 100, maxBackoffMs: 30_000 };

/**
 * Publishes the stock replies waiting in `reservations`, then marks them sent. While Kafka is down it
 * backs off (logging once per outage); nothing is lost, only delayed. A crash between publish and
 * mark re-publishes with the same event id, which order's consumer de-duplicates.
 *
 * NOTE: the same loop as order's OutboxRelay (libs/order/feature/src/outbox-relay.ts), kept minimal
 * here because that one is bound to OrdersRepository and order's contracts; it should move to
 * @bazaar/shared/messaging, parameterised by an OutboxStore and a type -> contract lookup.
 */
@Injectable()
export class StockOutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(StockOutboxRelay.name);
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;

  constructor(
    private readonly store: ReservationsRepository,
    @Inject(EventPublisher) private readonly publisher: Pick<EventPublisher, 'publish'>,
    @Inject(STOCK_OUTBOX_RELAY_OPTIONS) private readonly options: StockOutboxRelayOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** A reply was just stored: look now instead of at the next poll. */
  nudge(): void {
    this.wake?.();
  }

  async relayOnce(): Promise<number> {
    let published = 0;
    for (const { orderId, events } of await this.store.findPending(this.options.batchSize)) {
      try {
        for (const event of events) await this.publisher.publish(publishedContract(event.type), [event]);
      } catch (error) {
        if (!(error instanceof InvalidEventError)) throw error;
        this.logger.error(`The reply for order ${orderId} breaks its contract and stays unsent: ${error.message}`);
        continue;
      }
      await this.store.markSent(orderId, events.map(({ id }) => id), new Date());
      published += events.length;
    }
    return published;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      let delay = this.options.pollIntervalMs;
      try {
        if ((await this.relayOnce()) > 0) delay = 0;
        if (failures > 0) this.logger.log(`Stock outbox relay publishes again after ${failures} failed attempts`);
        failures = 0;
      } catch (error) {
        if (failures++ === 0) this.logger.warn(`Stock outbox relay cannot publish, retrying with backoff: ${(error as Error).message}`);
        delay = backoffDelay({ initialDelayMs: this.options.pollIntervalMs, maxDelayMs: this.options.maxBackoffMs }, failures);
      }
      if (delay > 0 && this.running) await this.sleep(delay, failures === 0);
    }
  }

  private sleep(ms: number, wakeOnNudge: boolean): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.done(resolve, timer), ms);
      this.wake = () => {
        if (wakeOnNudge || !this.running) this.done(resolve, timer);
      };
    });
  }

  private done(resolve: () => void, timer: NodeJS.Timeout): void {
    clearTimeout(timer);
    this.wake = undefined;
    resolve();
  }
}
