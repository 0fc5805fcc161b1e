import { Injectable, Logger } from '@nestjs/common';
import { EventOf, OrderPlaced } from '@bazaar/contracts';
import { mergeReservationLines, rejectionReason, ReservationLine, shortLines, UnavailableLine } from '@bazaar/catalog/domain';
import { ReservationsRepository, StockLevel, StockRepository } from '@bazaar/catalog/data-access';
import { OutboxRelay } from '@bazaar/shared/messaging';
import { KeyedLock } from '@bazaar/shared/mongo';
import { inSpan } from '@bazaar/shared/observability';
import { stockRejected, stockReserved } from './stock-events';

export type ReservationResult = 'RESERVED' | 'REJECTED' | 'ALREADY_DECIDED';

/**
 * Catalog's side of the saga: reserves every line of a placed order, all or nothing, and stores the
 * reply (StockReserved / StockRejected) in its outbox for the relay.
 *
 * Idempotency, without transactions and without trusting the processed-event record (which is
 * written only after this returns, so a crash in between replays the whole event):
 * - the outcome and its reply are one insert into `reservations`, keyed by the order id. A replay
 *   that finds it does nothing: the reply is already in the outbox (the relay sends it if it has
 *   not), and no stock is touched again. The unique `_id` also settles two racing deliveries.
 * - before that insert exists, each line's `$inc` is applied together with a mark of the order on
 *   the product (`stockHolds`), in one single-document update. A replay after a crash mid-way
 *   (some lines taken, no outcome stored yet) sees its own mark and counts the line as taken
 *   instead of taking it twice; compensation gives back only what the order still holds. So a
 *   crash between reserving and publishing loses nothing and reserves nothing twice.
 * - once the outcome is stored, the marks are dropped (a crash before that leaves a harmless mark).
 */
@Injectable()
export class StockReservationService {
  private readonly logger = new Logger(StockReservationService.name);
  /** Deliveries of one order in this process run one after the other (a redelivery racing the first). */
  private readonly orderLock = new KeyedLock();

  constructor(
    private readonly stock: StockRepository,
    private readonly reservations: ReservationsRepository,
    private readonly relay: OutboxRelay,
  ) {}

  reserve(event: EventOf<typeof OrderPlaced>): Promise<ReservationResult> {
    const { orderId, lines } = event.data;
    return inSpan('reserve stock', { 'bazaar.order.id': orderId, 'bazaar.order.lines': lines.length }, () =>
      this.orderLock.run(orderId, () => this.reserveOnce(orderId, mergeReservationLines(lines))),
    );
  }

  private async reserveOnce(orderId: string, lines: ReservationLine[]): Promise<ReservationResult> {
    if (await this.reservations.exists(orderId)) return 'ALREADY_DECIDED';

    const products = await this.stock.levels(lines.map(({ productId }) => productId));
    const held: { product: StockLevel; quantity: number }[] = [];
    let failed: ReservationLine | undefined;
    for (const line of lines) {
      const product = products.get(line.productId);
      if (product && (await this.stock.hold(product, orderId, line.quantity)) === 'held') {
        held.push({ product, quantity: line.quantity });
      } else {
        failed = line;
        break;
      }
    }

    if (failed) {
      // Compensation: give back what this order took, newest first.
      for (const { product, quantity } of [...held].reverse()) await this.stock.release(product, orderId, quantity);
      const unavailable = await this.unavailable(lines, failed);
      const reason = rejectionReason(unavailable, new Map([...products.values()].map(({ id, name }) => [id, name])));
      await this.store(orderId, 'REJECTED', lines, unavailable, stockRejected(orderId, reason, unavailable));
      return 'REJECTED';
    }

    await this.store(orderId, 'RESERVED', lines, [], stockReserved(orderId, lines));
    await Promise.all(held.map(({ product }) => this.stock.forgetHold(product, orderId)));
    return 'RESERVED';
  }

  /** Every line short of stock as it stands now; the line that failed is always named. */
  private async unavailable(lines: ReservationLine[], failed: ReservationLine): Promise<UnavailableLine[]> {
    const levels = await this.stock.levels(lines.map(({ productId }) => productId));
    const available = new Map([...levels.values()].map(({ id, stock }) => [id, stock]));
    const short = shortLines(lines, available);
    if (short.some(({ productId }) => productId === failed.productId)) return short;
    // Stock came back between the failed update and this read: report what the update saw, one short.
    return [{ productId: failed.productId, requested: failed.quantity, available: Math.min(available.get(failed.productId) ?? 0, failed.quantity - 1) }, ...short];
  }

  private async store(orderId: string, outcome: 'RESERVED' | 'REJECTED', lines: ReservationLine[], unavailable: UnavailableLine[], event: ReturnType<typeof stockReserved>): Promise<void> {
    if ((await this.reservations.insert({ orderId, outcome, lines, unavailable, event })) === 'duplicate') {
      this.logger.warn(`Order ${orderId} was decided by another delivery at the same time; keeping that outcome`);
      return;
    }
    this.relay.nudge(orderId);
  }
}
