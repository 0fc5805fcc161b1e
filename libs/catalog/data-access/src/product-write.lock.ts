import { Injectable } from '@nestjs/common';
import { KeyedLock } from '@bazaar/shared/mongo';

/**
 * The one per-product lock of this process, shared by every writer of a product document (the
 * saga's stock moves, administration, the product outbox): FerretDB loses concurrent updates of
 * one document, so they must queue behind each other, not only behind writers of their own kind.
 */
@Injectable()
export class ProductWriteLock extends KeyedLock {}
