import { OnApplicationBootstrap, Provider, Type } from '@nestjs/common';
import { EventHandler } from './event-handler';
import { EventSubscriptionOptions, EventSubscriptions } from './event-subscriptions';
import { PROCESSED_EVENT_STORE, ProcessedEventStore } from './processed-event.store';

/** A provider whose `handlers` one consumer group runs. */
export interface EventHandlerSet {
  readonly handlers: EventHandler[];
}

/**
 * Starts a consumer group over a set of handlers once the application is up. While Kafka is away
 * it retries in the background, so the service still boots and serves what needs no Kafka.
 * Expects the module to provide the handler set and PROCESSED_EVENT_STORE. `options` add the
 * service's own error classifiers or change the retry policies.
 */
export function consumerGroupProvider(
  groupId: string,
  handlerSet: Type<EventHandlerSet>,
  options: Pick<EventSubscriptionOptions, 'retry' | 'blockedBackoff' | 'classifiers'> = {},
): Provider {
  return {
    provide: `consumer group ${groupId}`,
    inject: [EventSubscriptions, handlerSet, PROCESSED_EVENT_STORE],
    useFactory: (subscriptions: EventSubscriptions, set: EventHandlerSet, store: ProcessedEventStore): OnApplicationBootstrap => ({
      onApplicationBootstrap: () => subscriptions.startWhenAvailable({ ...options, groupId, handlers: set.handlers, store }),
    }),
  };
}
