import { EventContract, EventOf } from '@bazaar/contracts';

export interface EventContext {
  topic: string;
  partition: number;
  offset: string;
  headers: Record<string, string>;
}

export interface EventHandlerOptions {
  /**
   * A repeat of the event is a no-op by the handler's own writes (a claim inserted on `_id`, an
   * update conditional on the state it moves from): the processor then keeps no processed-event
   * record for it, which saves a lookup and an insert per event. Leave it off for a handler whose
   * repeat would apply its effect again.
   */
  naturallyIdempotent?: boolean;
}

export interface EventHandler<C extends EventContract = EventContract> extends EventHandlerOptions {
  contract: C;
  handle(event: EventOf<C>, context: EventContext): Promise<void>;
}

/** Registers a handler for one event type; the event it receives is already validated against the contract. */
export function onEvent<C extends EventContract>(
  contract: C,
  handle: (event: EventOf<C>, context: EventContext) => Promise<void>,
  options: EventHandlerOptions = {},
): EventHandler<C> {
  return { contract, handle, ...options };
}

/** Thrown by a handler when retrying cannot help (the event contradicts what we know): parked at once. */
export class NonRetryableEventError extends Error {
  override readonly name = 'NonRetryableEventError';
}
