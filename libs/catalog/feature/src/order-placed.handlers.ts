import { Injectable } from '@nestjs/common';
import { OrderPlaced } from '@bazaar/contracts';
import { EventHandler, EventHandlerSet, onEvent } from '@bazaar/shared/messaging';
import { StockReservationService } from './stock-reservation.service';

/** Catalog's side of the saga: every placed order gets its stock reserved (or rejected). */
@Injectable()
export class OrderPlacedHandlers implements EventHandlerSet {
  readonly handlers: EventHandler[] = [onEvent(OrderPlaced, async (event) => void (await this.reservation.reserve(event)))];

  constructor(private readonly reservation: StockReservationService) {}
}
