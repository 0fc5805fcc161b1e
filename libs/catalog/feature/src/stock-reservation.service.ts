import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventOf, OrderPlaced } from '@bazaar/contracts';
import { mergeReservationLines, rejectionReason, ReservationLine, shortLines, UnavailableLine } from '@bazaar/catalog/domain';
import { CatalogCache, cancellationNoticeId, releaseId, ReservationsRepository, StockLevel, StockRepository, StoredReservation } from '@bazaar/catalog/data-access';
import { OutboxRelay } from '@bazaar/shared/messaging';
import { KeyedLock } from '@bazaar/shared/mongo';
import { inSpan } from '@bazaar/shared/observability';
import { stockRejected, stockReleased, stockReserved } from './stock-events';

export type ReservationResult = 'RESERVED' | 'REJECTED' | 'ALREADY_DECIDED' | 'IN_PROGRESS' | 'CANCELLED' | 'SUPERSEDED';
export type ReleaseResult = 'RELEASED' | 'ALREADY_RELEASED' | 'NOTHING_RESERVED' | 'IN_PROGRESS' | 'NOT_YET_RESERVED';

/** How long a claim in progress (RESERVING, RELEASING) belongs to its delivery before another may take it over. */
export const CLAIM_LEASE_MS = Symbol('CLAIM_LEASE_MS');
export const DEFAULT_CLAIM_LEASE_MS = 60_000;

/**
 * Catalog's side of the saga: reserves every line of a placed order, all or nothing, releases it
 * when the order is cancelled, and stores each reply (StockReserved / StockRejected /
 * StockReleased) in its outbox for the relay. See docs/adr/0007 and docs/reliability.md.
 *
 * Exactly one delivery moves stock, without transactions and whatever the number of instances:
 * - the claim is the insert of the movement's document (`<orderId>`, `<orderId>:release`), keyed
 *   by `_id`, which every MongoDB-wire server makes atomic. A delivery that loses the insert moves
 *   no stock: the document it lost to says decided (the reply is in the outbox; the relay is
 *   nudged) or in progress (its claimant finishes it).
 * - the claimant marks each product it changes with the document id in the same single-document
 *   update (`stockHolds`). A claimant that crashed mid-way is taken over after the lease; the
 *   marks tell the new claimant which lines are already done, so nothing moves twice. A claim of
 *   this instance's own is taken over at once (see `abandoned`).
 * - the decision is stored only while the claim is still the caller's; then the marks are dropped.
 *
 * Cancellation, whichever of OrderPlaced and OrderCancelled is handled first: OrderCancelled first
 * inserts a notice (`<orderId>:cancelled`) and then reads the reservation; a reservation checks the
 * notice before claiming and again after deciding. Each side writes before it reads, so at least
 * one of them sees the other and releases (the release's own claim makes a second attempt a no-op),
 * and an order cancelled before it was placed is never reserved.
 */
@Injectable()
export class StockReservationService {
  private readonly logger = new Logger(StockReservationService.name);
  /** Deliveries of one order in this process run one after the other (a redelivery racing the first). */
  private readonly orderLock = new KeyedLock();
  /** Prefixes this instance's claims (`<instance>/<attempt>`), so it knows its own from other instances'. */
  private readonly instance = randomUUID();

  constructor(
    private readonly stock: StockRepository,
    private readonly reservations: ReservationsRepository,
    private readonly relay: OutboxRelay,
    private readonly cache: CatalogCache,
    @Inject(CLAIM_LEASE_MS) private readonly claimLeaseMs: number,
  ) {}

  reserve(event: EventOf<typeof OrderPlaced>): Promise<ReservationResult> {
    const { orderId, lines } = event.data;
    return inSpan('reserve stock', { 'bazaar.order.id': orderId, 'bazaar.order.lines': lines.length }, () =>
      this.orderLock.run(orderId, () => this.reserveOnce(orderId, mergeReservationLines(lines))),
    );
  }

  /** Compensation: gives back what was reserved for a cancelled order, once, or makes sure it is never reserved. */
  release(orderId: string): Promise<ReleaseResult> {
    return inSpan('release stock', { 'bazaar.order.id': orderId }, () => this.orderLock.run(orderId, () => this.releaseOnce(orderId)));
  }

  private async reserveOnce(orderId: string, lines: ReservationLine[]): Promise<ReservationResult> {
    if (await this.reservations.exists(cancellationNoticeId(orderId))) return 'CANCELLED';
    const claim = this.newClaim();
    const taken = await this.take(orderId, 'RESERVING', lines, claim);
    if (taken !== 'mine') {
      if (taken.status === 'RESERVING') return 'IN_PROGRESS';
      this.relay.nudge(orderId);
      return 'ALREADY_DECIDED';
    }

    const held: { product: StockLevel; quantity: number }[] = [];
    let failed: ReservationLine | undefined;
    for (const line of lines) {
      // Each product is read where it is held, under its lock: on FerretDB that read is the hold's guard too.
      const hold = await this.stock.holdById(line.productId, orderId, line.quantity);
      if (hold?.held === 'held') {
        held.push({ product: hold.product, quantity: line.quantity });
      } else {
        failed = line;
        break;
      }
    }

    if (failed) {
      // Give back what this order took, newest first.
      for (const { product, quantity } of [...held].reverse()) await this.stock.release(product, orderId, quantity);
      // A reader may have cached the stock while it was held.
      await this.cache.invalidateStock(held.map(({ product }) => product));
      const { unavailable, names } = await this.unavailable(lines, failed);
      const reason = rejectionReason(unavailable, names);
      return (await this.decide(orderId, claim, { status: 'REJECTED', unavailable, event: stockRejected(orderId, reason, unavailable) })) ? 'REJECTED' : 'SUPERSEDED';
    }

    // Before the decision is stored and relayed: no StockReserved is out while a page still shows the old stock.
    await this.cache.invalidateStock(held.map(({ product }) => product));
    if (!(await this.decide(orderId, claim, { status: 'RESERVED', event: stockReserved(orderId, lines) }))) return 'SUPERSEDED';
    await Promise.all(held.map(({ product }) => this.stock.forgetHold(product, orderId)));
    // OrderCancelled may have been handled while this reservation was in progress: then it is ours to release.
    if (await this.reservations.exists(cancellationNoticeId(orderId))) await this.releaseReserved(orderId, lines);
    return 'RESERVED';
  }

  private async releaseOnce(orderId: string): Promise<ReleaseResult> {
    await this.reservations.claim(cancellationNoticeId(orderId), 'CANCELLED', [], null);
    const reservation = await this.reservations.findById(orderId);
    if (!reservation) return 'NOT_YET_RESERVED';
    switch (reservation.status) {
      case 'RESERVED':
        return this.releaseReserved(orderId, reservation.lines);
      case 'RESERVING':
        return this.abandoned(reservation) ? this.undoStaleReservation(orderId, reservation) : 'IN_PROGRESS';
      default:
        return 'NOTHING_RESERVED';
    }
  }

  private async releaseReserved(orderId: string, lines: ReservationLine[]): Promise<ReleaseResult> {
    const id = releaseId(orderId);
    const claim = this.newClaim();
    const taken = await this.take(id, 'RELEASING', lines, claim);
    if (taken !== 'mine') return taken.status === 'RELEASED' ? 'ALREADY_RELEASED' : 'IN_PROGRESS';
    const products = await this.stock.levels(lines.map(({ productId }) => productId));
    const present = lines.flatMap(({ productId, quantity }) => {
      const product = products.get(productId);
      return product ? [{ product, quantity }] : [];
    });
    for (const { product, quantity } of present) await this.stock.giveBack(product, id, quantity);
    await this.cache.invalidateStock(present.map(({ product }) => product));
    if (!(await this.decide(id, claim, { status: 'RELEASED', event: stockReleased(orderId, lines) }))) return 'IN_PROGRESS';
    await Promise.all(present.map(({ product }) => this.stock.forgetHold(product, id)));
    return 'RELEASED';
  }

  /** A reservation whose claimant stopped mid-way and whose order is cancelled: give back what its marks hold. */
  private async undoStaleReservation(orderId: string, reservation: StoredReservation): Promise<ReleaseResult> {
    const claim = this.newClaim();
    if (!(await this.reservations.takeOver(orderId, reservation.claim, claim))) return 'IN_PROGRESS';
    const products = await this.stock.levels(reservation.lines.map(({ productId }) => productId));
    for (const { productId, quantity } of reservation.lines) {
      const product = products.get(productId);
      if (product) await this.stock.release(product, orderId, quantity);
    }
    await this.cache.invalidateStock([...products.values()]);
    await this.decide(orderId, claim, { status: 'CANCELLED', event: null });
    return 'RELEASED';
  }

  /** Claims the document, or takes over a claim whose lease ran out; else the document that was there. */
  private async take(id: string, status: 'RESERVING' | 'RELEASING', lines: ReservationLine[], claim: string): Promise<'mine' | StoredReservation> {
    const existing = await this.reservations.claim(id, status, lines, claim);
    if (!existing) return 'mine';
    if (existing.status === status && this.abandoned(existing) && (await this.reservations.takeOver(id, existing.claim, claim))) {
      const why = this.isOwn(existing) ? 'an earlier attempt of this instance failed mid-way' : `its claim ran past ${this.claimLeaseMs} ms`;
      this.logger.warn(`Took over ${id}: ${why}; the marks on the products tell what is already done`);
      return 'mine';
    }
    return existing;
  }

  private newClaim(): string {
    return `${this.instance}/${randomUUID()}`;
  }

  private isOwn({ claim }: StoredReservation): boolean {
    return claim?.startsWith(`${this.instance}/`) ?? false;
  }

  /**
   * Nobody is working on this claim any more: its lease ran out, or it is this instance's own. The
   * deliveries of one order run one at a time here (`orderLock`), so an own claim seen by a delivery
   * belongs to an attempt that already ended, typically failed mid-way when the database went away;
   * waiting out the lease would only block the partition (a minute after every outage).
   */
  private abandoned(reservation: StoredReservation): boolean {
    return this.isOwn(reservation) || Date.now() - reservation.claimedAt.getTime() > this.claimLeaseMs;
  }

  private async decide(id: string, claim: string, decision: Parameters<ReservationsRepository['decide']>[2]): Promise<boolean> {
    if (!(await this.reservations.decide(id, claim, decision))) {
      this.logger.warn(`${id} was taken over by another delivery; keeping its outcome`);
      return false;
    }
    // A decision is the document's one event: nothing older can wait in its outbox.
    if (decision.event) this.relay.nudge(id, [decision.event]);
    return true;
  }

  /** Every line short of stock as it stands now, the line that failed always named, and the products' names. */
  private async unavailable(lines: ReservationLine[], failed: ReservationLine): Promise<{ unavailable: UnavailableLine[]; names: Map<string, string> }> {
    const levels = await this.stock.levels(lines.map(({ productId }) => productId));
    const names = new Map([...levels.values()].map(({ id, name }) => [id, name]));
    const available = new Map([...levels.values()].map(({ id, stock }) => [id, stock]));
    const short = shortLines(lines, available);
    if (short.some(({ productId }) => productId === failed.productId)) return { unavailable: short, names };
    // Stock came back between the failed update and this read: report what the update saw, one short.
    const failedLine = { productId: failed.productId, requested: failed.quantity, available: Math.min(available.get(failed.productId) ?? 0, failed.quantity - 1) };
    return { unavailable: [failedLine, ...short], names };
  }
}
