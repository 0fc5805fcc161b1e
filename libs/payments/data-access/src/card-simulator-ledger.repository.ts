import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { KeyedLock, updateOneGuarded } from '@bazaar/shared/mongo';
import { CardSimulatorLedgerEntry } from './card-simulator-ledger.schema';

const DUPLICATE_KEY = 11000;

const isDuplicate = (error: unknown) => (error as { code?: number }).code === DUPLICATE_KEY;

/**
 * The simulated card provider's ledger: what it answered per idempotency key. An answer is
 * recorded by inserting the key's entry, so of two callers racing with one key (two deliveries,
 * two instances) the first insert's answer is the one both get, on any MongoDB-wire server.
 */
@Injectable()
export class CardSimulatorLedger {
  private readonly keyLock = new KeyedLock();

  constructor(@InjectModel(CardSimulatorLedgerEntry.name) private readonly entries: Model<CardSimulatorLedgerEntry>) {}

  /** The first answer given for the key, if any. */
  async answerOf<A extends object>(key: string): Promise<A | null> {
    const entry = await this.entries.findById(key, { answer: 1 }).lean<Pick<CardSimulatorLedgerEntry, 'answer'>>().exec();
    return (entry?.answer as A | undefined) ?? null;
  }

  /**
   * A simulated outage: true (and counted) while the key has had fewer than `times` of them, so
   * the first `times` calls with a key fail and the next ones go through.
   */
  simulateOutage(key: string, times: number): Promise<boolean> {
    return this.keyLock.run(key, async () => {
      const entry = await this.entries.findById(key, { unavailable: 1 }).lean<Pick<CardSimulatorLedgerEntry, 'unavailable'>>().exec();
      if ((entry?.unavailable ?? 0) >= times) return false;
      if (entry) {
        await this.entries.updateOne({ _id: key }, { $inc: { unavailable: 1 } }).exec();
        return true;
      }
      try {
        await this.entries.create({ _id: key, unavailable: 1, answer: null });
      } catch (error) {
        if (!isDuplicate(error)) throw error;
        // Another instance counted the first one: this call is the next.
        await this.entries.updateOne({ _id: key }, { $inc: { unavailable: 1 } }).exec();
      }
      return true;
    });
  }

  /** How many outages the key has had. */
  async outagesOf(key: string): Promise<number> {
    const entry = await this.entries.findById(key, { unavailable: 1 }).lean<Pick<CardSimulatorLedgerEntry, 'unavailable'>>().exec();
    return entry?.unavailable ?? 0;
  }

  /** Records `answer` as the key's, unless an answer is there already: answers the one recorded first. */
  record<A extends object>(key: string, answer: A): Promise<A> {
    return this.keyLock.run(key, async () => {
      try {
        await this.entries.create({ _id: key, unavailable: 0, answer });
        return answer;
      } catch (error) {
        if (!isDuplicate(error)) throw error;
      }
      // The entry exists: it counted outages (no answer yet), or another caller answered first.
      await updateOneGuarded(this.entries, key, { answer: null }, { $set: { answer } });
      const first = await this.answerOf<A>(key);
      if (!first) throw new Error(`The card simulator's ledger entry ${key} has no answer after recording one`);
      return first;
    });
  }
}
