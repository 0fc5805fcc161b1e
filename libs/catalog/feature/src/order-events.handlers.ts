import { Injectable } from '@nestjs/common';
import { OrderCancelled, OrderPlaced } from '@bazaar/contracts';
import { EventHandler, EventHandlerSet, onEvent } from '@bazaar/shared/messaging';
import { StockReservationService } from './stock-reservation.service';

/** Catalog's side of the saga: a placed order gets its stock reserved (or rejected); a cancelled one gets it back. */
@Injectable()
export class OrderEventsHandlers implements EventHandlerSet {
  readonly handlers: EventHandler[] = [
    onEvent(OrderPlaced, async (event) => void (await this.reservation.reserve(event))),
    onEvent(OrderCancelled, async (event) => void (await this.reservation.release(event.data.orderId))),
  ];

  constructor(private readonly reservation: StockReservationService) {}
}
