import { BeforeApplicationShutdown, Logger, OnApplicationBootstrap, Provider, Type } from '@nestjs/common';
import { EventContract, EventEnvelope } from '@bazaar/contracts';
import { inSpan, runInTraceContext, TraceCarrier } from '@bazaar/shared/observability';
import { EventPublisher, InvalidEventError } from './event-publisher';
import { backoffDelay } from './retry-policy';

/** An event waiting in an outbox, with the trace context of the request that wrote it. */
export interface OutboxEvent {
  event: EventEnvelope;
  traceContext?: TraceCarrier;
}

/** The unsent events of one aggregate (an order, a reservation), oldest first. */
export interface PendingOutbox {
  aggregateId: string;
  events: OutboxEvent[];
}

/** What the relay needs from the storage that holds the outbox. */
export interface OutboxStore {
  /** Aggregates with unsent events, oldest first: the sweep that finds what no nudge announced. */
  findPending(limit: number): Promise<PendingOutbox[]>;
  /** The unsent events of these aggregates, looked up by id (cheap on every MongoDB-wire server). */
  findPendingOf(aggregateIds: string[]): Promise<PendingOutbox[]>;
  markSent(aggregateId: string, eventIds: string[], sentAt: Date): Promise<void>;
}

export interface OutboxRelayOptions {
  /** Names the relay in logs ("order", "catalog"). */
  name: string;
  /** How often storage is swept for events no nudge announced: after a restart, an outage, a crash. */
  sweepIntervalMs: number;
  /** Aggregates per pass. */
  batchSize: number;
  /** The first and the longest wait between attempts while publishing fails. */
  initialBackoffMs: number;
  maxBackoffMs: number;
}

export const DEFAULT_OUTBOX_RELAY_OPTIONS: Omit<OutboxRelayOptions, 'name'> = { sweepIntervalMs: 10_000, batchSize: 100, initialBackoffMs: 500, maxBackoffMs: 30_000 };

/** Beyond this many announced aggregates the relay stops remembering ids and sweeps instead. */
const MAX_NUDGED = 10_000;

/**
 * Publishes the events waiting in a service's outbox, then marks them sent. Everything it needs is
 * in storage, so a restart simply carries on; a crash between publish and mark re-publishes the
 * event later with the same id, which consumers de-duplicate: at least once, applied once.
 *
 * The writer nudges the relay with the aggregate it just wrote, and the relay reads exactly that
 * document by id. Storage is swept by a query only at start, every `sweepIntervalMs`, and after a
 * failure — a query on a non-`_id` field scans the whole collection on FerretDB, so polling it
 * under load would be the bottleneck.
 *
 * Each event is published inside the trace context stored with it, so the Kafka producer span (and
 * every consumer after it) belongs to the trace of the request that placed the event (ADR 0006).
 */
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger: Logger;
  private readonly nudged = new Set<string>();
  private sweepDue = true;
  private lastSweepAt = 0;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;

  constructor(
    private readonly store: OutboxStore,
    private readonly publisher: Pick<EventPublisher, 'publish'>,
    private readonly contractOf: (eventType: string) => EventContract,
    private readonly options: OutboxRelayOptions,
  ) {
    this.logger = new Logger(`OutboxRelay(${options.name})`);
  }

  onApplicationBootstrap(): void {
    this.start();
  }

  /** Before the producer and the database close: a pass in progress finishes and marks what it sent. */
  async beforeApplicationShutdown(): Promise<void> {
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

  /** Events were just written to this aggregate's outbox: publish them now. */
  nudge(aggregateId: string): void {
    if (this.nudged.size < MAX_NUDGED) this.nudged.add(aggregateId);
    else this.sweepDue = true;
    this.wake?.();
  }

  /** One pass over the announced aggregates, or a sweep when one is due; returns how many events it published. */
  async relayOnce(): Promise<number> {
    const pending = this.sweepDue || Date.now() - this.lastSweepAt >= this.options.sweepIntervalMs ? await this.sweep() : await this.announced();
    const results = await Promise.allSettled(pending.map((outbox) => this.publishOutbox(outbox)));
    const failure = results.find((result) => result.status === 'rejected');
    if (failure) {
      // Whatever stayed unsent is found again by the sweep once publishing works.
      this.sweepDue = true;
      throw failure.reason;
    }
    return results.reduce((sum, result) => sum + (result.status === 'fulfilled' ? result.value : 0), 0);
  }

  private async sweep(): Promise<PendingOutbox[]> {
    const pending = await this.store.findPending(this.options.batchSize);
    this.lastSweepAt = Date.now();
    // A full batch means there may be more: keep sweeping until a pass comes back short.
    this.sweepDue = pending.length === this.options.batchSize;
    for (const { aggregateId } of pending) this.nudged.delete(aggregateId);
    return pending;
  }

  private async announced(): Promise<PendingOutbox[]> {
    const ids = [...this.nudged].slice(0, this.options.batchSize);
    if (ids.length === 0) return [];
    for (const id of ids) this.nudged.delete(id);
    try {
      return await this.store.findPendingOf(ids);
    } catch (error) {
      for (const id of ids) this.nudged.add(id);
      throw error;
    }
  }

  /** One aggregate's events go out in the order they were written and stop at the first failure. */
  private async publishOutbox({ aggregateId, events }: PendingOutbox): Promise<number> {
    const sent: string[] = [];
    try {
      for (const { event, traceContext } of events) {
        await runInTraceContext(traceContext, () =>
          inSpan('outbox publish', { 'bazaar.outbox': this.options.name, 'bazaar.event.type': event.type, 'bazaar.event.id': event.id }, () =>
            this.publisher.publish(this.contractOf(event.type), [event]),
          ),
        );
        sent.push(event.id);
      }
    } catch (error) {
      // A broken event is a bug in this service: say so and let the other aggregates' events through.
      if (!(error instanceof InvalidEventError)) throw error;
      this.logger.error(`${aggregateId} has an event that breaks its contract and stays unsent: ${error.message}`);
    } finally {
      if (sent.length > 0) await this.store.markSent(aggregateId, sent, new Date());
    }
    return sent.length;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        await this.relayOnce();
        if (failures > 0) this.logger.log(`Publishing again after ${failures} failed attempts`);
        failures = 0;
      } catch (error) {
        // Logged once per outage, not once per attempt.
        if (failures++ === 0) this.logger.warn(`Cannot publish, retrying with backoff: ${(error as Error).message}`);
      }
      if (!this.running) break;
      if (failures > 0) {
        await this.sleep(backoffDelay({ initialDelayMs: this.options.initialBackoffMs, maxDelayMs: this.options.maxBackoffMs }, failures), false);
      } else if (this.nudged.size === 0 && !this.sweepDue) {
        await this.sleep(Math.max(0, this.lastSweepAt + this.options.sweepIntervalMs - Date.now()), true);
      }
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

/**
 * Provides the service's OutboxRelay over its outbox store (a repository the module provides),
 * publishing with the service's EventPublisher; `options` override the defaults.
 */
export function outboxRelayProvider(
  name: string,
  store: Type<OutboxStore>,
  contractOf: (eventType: string) => EventContract,
  options: Partial<OutboxRelayOptions> = {},
): Provider {
  return {
    provide: OutboxRelay,
    inject: [store, EventPublisher],
    useFactory: (outbox: OutboxStore, publisher: EventPublisher) => new OutboxRelay(outbox, publisher, contractOf, { ...DEFAULT_OUTBOX_RELAY_OPTIONS, name, ...options }),
  };
}
