import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { consumerGroupProvider, EventHandlerSet } from './consumer-group.provider';
import { EventHandler } from './event-handler';
import { EventSubscriptionOptions, EventSubscriptions } from './event-subscriptions';
import { PROCESSED_EVENT_STORE } from './processed-event.store';

@Injectable()
class PingHandlers implements EventHandlerSet {
  readonly handlers = [{ contract: { type: 'Pinged.v1' } } as unknown as EventHandler];
}

describe('consumerGroupProvider', () => {
  it('starts the group over the handler set when the application boots, not before', async () => {
    const started: EventSubscriptionOptions[] = [];
    const store = { has: async () => false, record: async () => undefined };
    const moduleRef = await Test.createTestingModule({
      providers: [
        PingHandlers,
        consumerGroupProvider('pings', PingHandlers),
        { provide: EventSubscriptions, useValue: { startWhenAvailable: (options: EventSubscriptionOptions) => started.push(options) } },
        { provide: PROCESSED_EVENT_STORE, useValue: store },
      ],
    }).compile();
    expect(started).toEqual([]);

    await moduleRef.init();
    expect(started).toEqual([{ groupId: 'pings', handlers: moduleRef.get(PingHandlers).handlers, store }]);
    await moduleRef.close();
  });
});
