import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { timeOutOrder } from '@bazaar/order/domain';
import { OrdersRepository } from '@bazaar/order/data-access';
import { orderCancelled } from './order-events';
import { ORDER_SAGA_SETTINGS, OrderSagaSettings } from './order-saga.settings';
import { OrderTransitions } from './order-transitions.service';

/** Orders cancelled per sweep at most; the next sweep takes the rest. */
const SWEEP_BATCH = 100;

/**
 * Nothing stays PENDING forever: every `pendingSweepIntervalMs` the orders still PENDING past
 * their deadline are cancelled with reason TIMED_OUT, through the same conditional transition and
 * outbox write as the participants' answers, so the deadline and a late PaymentAuthorized converge on one
 * final state. The state is in the database, not in timers: a restart, or several order instances
 * sweeping at once, changes nothing (the conditional update lets one of them apply).
 */
@Injectable()
export class PendingDeadlineSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(PendingDeadlineSweeper.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly orders: OrdersRepository,
    private readonly transitions: OrderTransitions,
    @Inject(ORDER_SAGA_SETTINGS) private readonly settings: OrderSagaSettings,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.sweep()
        .catch((error: Error) => this.logger.warn(`PENDING deadline sweep failed, next in ${this.settings.pendingSweepIntervalMs} ms: ${error.message}`))
        .finally(() => (this.running = undefined));
    }, this.settings.pendingSweepIntervalMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Cancels the orders PENDING past their deadline at `now`; returns the ids it cancelled. */
  async sweep(now = new Date()): Promise<string[]> {
    const { pendingTimeoutMs } = this.settings;
    const due = await this.orders.findPendingPlacedBy(new Date(now.getTime() - pendingTimeoutMs), SWEEP_BATCH);
    const cancelled: string[] = [];
    for (const { id } of due) {
      // A `raced` or `unchanged` result means an answer of the saga got there first: that is the outcome.
      const result = await this.transitions.apply(id, (order) => timeOutOrder(order, order.createdAt, pendingTimeoutMs, now), orderCancelled);
      if (result.outcome === 'applied') cancelled.push(id);
    }
    if (cancelled.length > 0) this.logger.warn(`Cancelled ${cancelled.length} order(s) PENDING for more than ${pendingTimeoutMs} ms: ${cancelled.join(', ')}`);
    return cancelled;
  }
}
