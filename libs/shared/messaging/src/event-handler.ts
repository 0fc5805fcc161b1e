import { EventContract, EventOf } from '@bazaar/contracts';

export interface EventContext {
  topic: string;
  partition: number;
  offset: string;
  headers: Record<string, string>;
}

export interface EventHandler<C extends EventContract = EventContract> {
  contract: C;
  handle(event: EventOf<C>, context: EventContext): Promise<void>;
}

/** Registers a handler for one event type; the event it receives is already validated against the contract. */
export function onEvent<C extends EventContract>(contract: C, handle: (event: EventOf<C>, context: EventContext) => Promise<void>): EventHandler<C> {
  return { contract, handle };
}

/** Thrown by a handler when retrying cannot help (the event contradicts what we know): parked at once. */
export class NonRetryableEventError extends Error {
  override readonly name = 'NonRetryableEventError';
}
