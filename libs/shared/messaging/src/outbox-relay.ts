import { BeforeApplicationShutdown, Logger, OnApplicationBootstrap, Provider, Type } from '@nestjs/common';
import { metrics } from '@opentelemetry/api';
import { EventContract, EventEnvelope } from '@bazaar/contracts';
import { captureTraceContext, inSpan, runInTraceContext, TraceCarrier } from '@bazaar/shared/observability';
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

/** An event this build cannot publish (its type is unknown here, it breaks its contract), and why. */
export interface SetAsideEvent {
  eventId: string;
  type: string;
  reason: string;
}

/**
 * How a store records a set-aside event on the aggregate's document, the same in every service so
 * the DLQ tool can list them with one generic query (`{ hasSetAside: true }`): the document gets
 * `hasSetAside: true` and one record per event in `setAside`. Never retried by a relay; a person
 * decides (fix and re-publish, or drop).
 */
export interface SetAsideRecord extends SetAsideEvent {
  at: Date;
  /** How many times it was set aside (a record written again after a crash counts twice). */
  failures: number;
}

/** `records` with these events added (or counted again): what a store writes to `setAside`. */
export function withSetAside(records: readonly SetAsideRecord[] | undefined, events: readonly SetAsideEvent[], at: Date): SetAsideRecord[] {
  const merged = new Map((records ?? []).map((record) => [record.eventId, record]));
  for (const event of events) merged.set(event.eventId, { ...event, at, failures: (merged.get(event.eventId)?.failures ?? 0) + 1 });
  return [...merged.values()];
}

/** What the relay needs from the storage that holds the outbox. */
export interface OutboxStore {
  /** Aggregates with unsent events, oldest first: the sweep that finds what no nudge announced. */
  findPending(limit: number): Promise<PendingOutbox[]>;
  /** The unsent events of these aggregates, looked up by id (cheap on every MongoDB-wire server). */
  findPendingOf(aggregateIds: string[]): Promise<PendingOutbox[]>;
  markSent(aggregateId: string, eventIds: string[], sentAt: Date): Promise<void>;
  /**
   * Records events that can never be published (see SetAsideRecord): `findPending`/`findPendingOf`
   * no longer return them. Without it they stay pending in storage and only this process skips them,
   * so a sweep may keep finding them.
   */
  setAside?(aggregateId: string, events: SetAsideEvent[], at: Date): Promise<void>;
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

const setAsideCounter = metrics.getMeter('@bazaar/shared/messaging').createCounter('bazaar.outbox.set_aside', {
  description: 'Outbox events set aside because this build cannot publish them (unknown type, contract broken)',
});

/**
 * Publishes the events waiting in a service's outbox, then marks them sent. Everything it needs is
 * in storage, so a restart simply carries on; a crash between publish and mark re-publishes the
 * event later with the same id, which consumers de-duplicate: at least once, applied once.
 *
 * The writer nudges the relay with the aggregate it just wrote, and the relay reads exactly that
 * document by id; a writer that knows the events it wrote are the aggregate's only unsent ones
 * hands them over with the nudge, and the relay publishes them without that read. Storage is
 * swept by a query only at start, every `sweepIntervalMs`, and after a failure — a query on a
 * non-`_id` field scans the whole collection on FerretDB, so polling it under load would be the
 * bottleneck.
 *
 * Each event is published inside the trace context stored with it, so the Kafka producer span (and
 * every consumer after it) belongs to the trace of the request that placed the event (ADR 0006).
 *
 * An event this build cannot publish (an unknown type during a rolling deploy, a broken contract)
 * is set aside with its reason (logged, counted, recorded by the store) and the aggregate's later
 * events go on: it never blocks what is behind it. A nudge wakes the relay at any time, also
 * while it backs off after a broker failure; a sweep that makes no progress waits for the next
 * interval instead of sweeping again at once.
 */
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger: Logger;
  /** Announced aggregates: with their unsent events when the writer handed them over, else read by id. */
  private readonly nudged = new Map<string, OutboxEvent[] | undefined>();
  private sweepDue = true;
  private lastSweepAt = 0;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  /**
   * Events this process published and marked sent, most recent last: a handed-over event a sweep
   * already published (the sweep read it between the write and the nudge) is not published again.
   */
  private readonly recentlySent = new Set<string>();
  /** Set aside by this process: skipped even when the store cannot record them. */
  private readonly setAsideIds = new Set<string>();
  /** Passes that queried storage with `findPending`. */
  sweeps = 0;

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

  /**
   * Events were just written to this aggregate's outbox: publish them now. `written`: the events the
   * caller just wrote, when they are ALL the aggregate's unsent events (nothing older is waiting):
   * published as given, in this trace context (the one stored with them), without reading the
   * aggregate. Without it the relay reads the aggregate's unsent events by id. Either way storage
   * stays the truth: what fails is read again by id, what a crash loses is found by the sweep.
   */
  nudge(aggregateId: string, written?: EventEnvelope[]): void {
    const traceContext = written && captureTraceContext();
    this.remember(aggregateId, written?.map((event) => ({ event, traceContext })));
    this.wake?.();
  }

  /** The latest announcement wins: a writer's events are all that is unsent as of its write, and an id alone means "read it". */
  private remember(aggregateId: string, events?: OutboxEvent[]): void {
    if (this.nudged.size < MAX_NUDGED || this.nudged.has(aggregateId)) this.nudged.set(aggregateId, events);
    else this.sweepDue = true;
  }

  /** One pass over the announced aggregates, or a sweep when one is due; returns how many events it published. */
  async relayOnce(): Promise<number> {
    const sweeping = this.sweepDue || Date.now() - this.lastSweepAt >= this.options.sweepIntervalMs;
    const pending = sweeping ? await this.sweep() : await this.announced();
    const results = await Promise.allSettled(pending.map((outbox) => this.publishOutbox(outbox)));
    // What failed is tried again by id on the next pass: no sweep (a collection scan) needed.
    results.forEach((result, i) => result.status === 'rejected' && this.remember(pending[i].aggregateId));
    const failure = results.find((result) => result.status === 'rejected');
    if (failure) throw failure.reason;
    const done = results.map((result) => (result.status === 'fulfilled' ? result.value : { sent: 0, setAside: 0 }));
    // A full batch in which nothing moved would come back the same: sweep again at the interval, not at once.
    if (sweeping && done.every(({ sent, setAside }) => sent + setAside === 0)) this.sweepDue = false;
    return done.reduce((sum, { sent }) => sum + sent, 0);
  }

  private async sweep(): Promise<PendingOutbox[]> {
    this.sweeps++;
    const pending = await this.store.findPending(this.options.batchSize);
    this.lastSweepAt = Date.now();
    // A full batch means there may be more: keep sweeping until a pass comes back short.
    this.sweepDue = pending.length === this.options.batchSize;
    for (const { aggregateId } of pending) this.nudged.delete(aggregateId);
    return pending;
  }

  private async announced(): Promise<PendingOutbox[]> {
    const batch = [...this.nudged].slice(0, this.options.batchSize);
    if (batch.length === 0) return [];
    for (const [id] of batch) this.nudged.delete(id);
    const handedOver = batch.flatMap(([aggregateId, events]) => {
      const unsent = events?.filter(({ event }) => !this.recentlySent.has(event.id));
      return unsent?.length ? [{ aggregateId, events: unsent }] : [];
    });
    const toRead = batch.flatMap(([id, events]) => (events ? [] : [id]));
    if (toRead.length === 0) return handedOver;
    try {
      return [...handedOver, ...(await this.store.findPendingOf(toRead))];
    } catch (error) {
      for (const [id, events] of batch) if (!this.nudged.has(id)) this.remember(id, events);
      throw error;
    }
  }

  /**
   * One aggregate's events go out in the order they were written and stop at the first broker
   * failure; one this build cannot publish is set aside and the next goes on.
   */
  private async publishOutbox({ aggregateId, events }: PendingOutbox): Promise<{ sent: number; setAside: number }> {
    const sent: string[] = [];
    const setAside: SetAsideEvent[] = [];
    try {
      for (const { event, traceContext } of events) {
        if (this.setAsideIds.has(event.id)) continue;
        const unpublishable = await this.publishOne(event, traceContext);
        if (unpublishable) setAside.push({ eventId: event.id, type: event.type, reason: unpublishable });
        else sent.push(event.id);
      }
    } finally {
      if (sent.length > 0) {
        await this.store.markSent(aggregateId, sent, new Date());
        this.rememberSent(sent);
      }
      if (setAside.length > 0) await this.setAside(aggregateId, setAside);
    }
    return { sent: sent.length, setAside: setAside.length };
  }

  private rememberSent(eventIds: string[]): void {
    for (const id of eventIds) {
      this.recentlySent.add(id);
      if (this.recentlySent.size > MAX_NUDGED) this.recentlySent.delete(this.recentlySent.values().next().value as string);
    }
  }

  /** Publishes one event; returns why this build can never publish it, and throws when the broker fails. */
  private async publishOne(event: EventEnvelope, traceContext: TraceCarrier | undefined): Promise<string | undefined> {
    let contract: EventContract;
    try {
      contract = this.contractOf(event.type);
    } catch (error) {
      return `unknown event type ${event.type}: ${(error as Error).message}`;
    }
    try {
      await runInTraceContext(traceContext, () =>
        inSpan('outbox publish', { 'bazaar.outbox': this.options.name, 'bazaar.event.type': event.type, 'bazaar.event.id': event.id }, () =>
          this.publisher.publish(contract, [event]),
        ),
      );
      return undefined;
    } catch (error) {
      if (error instanceof InvalidEventError) return error.message;
      throw error;
    }
  }

  private async setAside(aggregateId: string, events: SetAsideEvent[]): Promise<void> {
    for (const { eventId, type, reason } of events) {
      this.logger.error(`${aggregateId}: ${type} ${eventId} cannot be published by this build and is set aside: ${reason}`);
      setAsideCounter.add(1, { 'bazaar.outbox': this.options.name, 'bazaar.event.type': type });
      if (this.setAsideIds.size < MAX_NUDGED) this.setAsideIds.add(eventId);
    }
    try {
      await this.store.setAside?.(aggregateId, events, new Date());
    } catch (error) {
      // Not recorded: decided again on the next pass.
      for (const { eventId } of events) this.setAsideIds.delete(eventId);
      throw error;
    }
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
        await this.sleep(backoffDelay({ initialDelayMs: this.options.initialBackoffMs, maxDelayMs: this.options.maxBackoffMs }, failures));
      } else if (this.nudged.size === 0 && !this.sweepDue) {
        await this.sleep(Math.max(0, this.lastSweepAt + this.options.sweepIntervalMs - Date.now()));
      }
    }
  }

  /**
   * Waits, cut short by stop() and by a nudge, also while backing off after a broker failure: the
   * nudged aggregate is tried at once (by id), and if the broker is still away the backoff grows.
   */
  private sleep(ms: number): Promise<void> {
    if (ms === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
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
