import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { EventEnvelope } from '@bazaar/contracts';
import { OutboxStore, PendingOutbox, SetAsideEvent, withSetAside } from '@bazaar/shared/messaging';
import { findOneGuarded, updateOneGuarded } from '@bazaar/shared/mongo';
import { Product, ProductOutboxEntry } from './product.schema';
import { ProductWriteLock } from './product-write.lock';

type PendingProduct = Pick<Product, '_id' | 'outbox' | 'setAside'>;

const UNSENT = { outboxPending: true };

const pendingOutbox = ({ _id, outbox = [] }: PendingProduct): PendingOutbox => ({
  aggregateId: _id.toHexString(),
  events: outbox.map(({ event, traceContext }) => ({ event: event as unknown as EventEnvelope, traceContext })),
});

/**
 * The products' outbox (ProductPriceChanged): entries live on the product they are about (see
 * Product.outbox) and leave it once published. Its writes queue on ProductWriteLock with every
 * other writer of the product. The sweep's `{outboxPending: true}` scans the collection on
 * FerretDB; the relay runs it only every sweep interval, nudges read by `_id`.
 */
@Injectable()
export class ProductOutboxRepository implements OutboxStore {
  constructor(
    @InjectModel(Product.name) private readonly products: Model<Product>,
    private readonly productLock: ProductWriteLock,
  ) {}

  async findPending(limit: number): Promise<PendingOutbox[]> {
    const pending = await this.products.find(UNSENT, { outbox: 1 }).limit(limit).lean<PendingProduct[]>().exec();
    return pending.map(pendingOutbox);
  }

  async findPendingOf(ids: string[]): Promise<PendingOutbox[]> {
    const found = await Promise.all(ids.map((id) => findOneGuarded<Product, PendingProduct>(this.products, new Types.ObjectId(id), UNSENT, { outbox: 1 })));
    return found.filter((product): product is PendingProduct => product !== null).map(pendingOutbox);
  }

  markSent(id: string, eventIds: string[]): Promise<void> {
    return this.removeFromOutbox(id, eventIds, () => ({}));
  }

  setAside(id: string, events: SetAsideEvent[], at: Date): Promise<void> {
    return this.removeFromOutbox(
      id,
      events.map(({ eventId }) => eventId),
      (current) => ({ hasSetAside: true, setAside: withSetAside(current.setAside, events, at) }),
    );
  }

  /**
   * Rewrites the outbox without these events, guarded by the outbox as it was read: an edit that
   * added an event meanwhile (another instance, on MongoDB) makes the write miss, and the events
   * stay to be published again, which consumers de-duplicate.
   */
  private async removeFromOutbox(id: string, eventIds: string[], also: (current: PendingProduct) => Partial<Product>): Promise<void> {
    if (eventIds.length === 0) return;
    await this.productLock.run(id, async () => {
      const _id = new Types.ObjectId(id);
      const current = await this.products.findById(_id, { outbox: 1, setAside: 1 }).lean<PendingProduct>().exec();
      if (!current?.outbox) return;
      const remaining: ProductOutboxEntry[] = current.outbox.filter(({ event }) => !eventIds.includes(event.id));
      await updateOneGuarded(this.products, _id, { outbox: { $size: current.outbox.length } }, { $set: { outbox: remaining, outboxPending: remaining.length > 0, ...also(current) } });
    });
  }
}
