import { Injectable } from '@nestjs/common';
import { OrderCancelled, OrderPlaced } from '@bazaar/contracts';
import { EventHandler, EventHandlerSet, onEvent } from '@bazaar/shared/messaging';
import { ClaimInProgressError } from './claim-in-progress.error';
import { ReleaseResult, ReservationResult, StockReservationService } from './stock-reservation.service';

/**
 * A repeat finds the movement's claim (`reservations/<orderId>`, `<orderId>:release`, an insert on
 * `_id`) and moves no stock: no processed-event record is kept for these (docs/reliability.md).
 */
const IDEMPOTENT = { naturallyIdempotent: true };

/** Catalog's side of the saga: a placed order gets its stock reserved (or rejected); a cancelled one gets it back. */
@Injectable()
export class OrderEventsHandlers implements EventHandlerSet {
  readonly handlers: EventHandler[] = [
    onEvent(OrderPlaced, async (event) => this.settled(event.data.orderId, await this.reservation.reserve(event)), IDEMPOTENT),
    onEvent(OrderCancelled, async (event) => this.settled(event.data.orderId, await this.reservation.release(event.data.orderId)), IDEMPOTENT),
  ];

  constructor(private readonly reservation: StockReservationService) {}

  /** An outcome left to another delivery's claim is not this event's end: it is handled again (see ClaimInProgressError). */
  private settled(orderId: string, result: ReservationResult | ReleaseResult): void {
    if (result === 'IN_PROGRESS') throw new ClaimInProgressError(orderId);
  }
}
