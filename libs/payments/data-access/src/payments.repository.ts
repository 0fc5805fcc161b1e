import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { EventEnvelope } from '@bazaar/contracts';
import type { PaymentsRecord } from '@bazaar/payments/domain';
import { OutboxStore, PendingOutbox, SetAsideEvent, withSetAside } from '@bazaar/shared/messaging';
import { findOneGuarded, updateOneGuarded } from '@bazaar/shared/mongo';
import { captureTraceContext } from '@bazaar/shared/observability';
import { PaymentsDocument } from './payments.schema';

const DUPLICATE_KEY = 11000;

/** Only documents with an event are sent, and set-aside ones are not sent again. */
const UNSENT = { sentAt: null, event: { $ne: null }, hasSetAside: { $ne: true } };

type PendingDocument = Pick<PaymentsDocument, '_id' | 'event' | 'traceContext'>;

const pendingOutbox = ({ _id, event, traceContext }: PendingDocument): PendingOutbox => ({
  aggregateId: _id,
  events: [{ event: event as unknown as EventEnvelope, traceContext }],
});

@Injectable()
export class PaymentsRepository implements OutboxStore {
  constructor(@InjectModel(PaymentsDocument.name) private readonly records: Model<PaymentsDocument>) {}

  async findById(id: string): Promise<PaymentsRecord | null> {
    const found = await this.records.findById(id, { updatedAt: 1 }).lean<Pick<PaymentsDocument, '_id' | 'updatedAt'>>().exec();
    return found && { id: found._id, updatedAt: found.updatedAt };
  }

  /**
   * Inserts the record with the event announcing it, in one single-document write. `duplicate`: a record
   * with this id exists (the `_id` index decides, on any MongoDB-wire server), so a redelivery that
   * derives the same id changes nothing.
   */
  async insert(record: PaymentsRecord, event: EventEnvelope | null = null): Promise<'inserted' | 'duplicate'> {
    try {
      await this.records.create({ _id: record.id, updatedAt: record.updatedAt, event: event && { ...event }, traceContext: captureTraceContext(), sentAt: null });
      return 'inserted';
    } catch (error) {
      if ((error as { code?: number }).code === DUPLICATE_KEY) return 'duplicate';
      throw error;
    }
  }

  /** A scan on FerretDB (it indexes only `_id`): the relay runs it seldom, as a sweep. */
  async findPending(limit: number): Promise<PendingOutbox[]> {
    const pending = await this.records.find(UNSENT, { event: 1, traceContext: 1 }).sort({ createdAt: 1, _id: 1 }).limit(limit).lean<PendingDocument[]>().exec();
    return pending.map(pendingOutbox);
  }

  async findPendingOf(ids: string[]): Promise<PendingOutbox[]> {
    const found = await Promise.all(ids.map((_id) => findOneGuarded<PaymentsDocument, PendingDocument>(this.records, _id, UNSENT, { event: 1, traceContext: 1 })));
    return found.filter((record): record is PendingDocument => record !== null).map(pendingOutbox);
  }

  async markSent(id: string, eventIds: string[], sentAt: Date): Promise<void> {
    if (eventIds.length === 0) return;
    await updateOneGuarded(this.records, id, { sentAt: null }, { $set: { sentAt } });
  }

  async setAside(id: string, events: SetAsideEvent[], at: Date): Promise<void> {
    const current = await this.records.findById(id, { setAside: 1 }).lean<Pick<PaymentsDocument, 'setAside'>>().exec();
    await updateOneGuarded(this.records, id, { sentAt: null }, { $set: { hasSetAside: true, setAside: withSetAside(current?.setAside, events, at) } });
  }
}
