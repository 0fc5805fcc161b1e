import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { isObjectIdOrHexString, Model, Types } from 'mongoose';
import { CatalogCategory, CatalogProduct, FIRST_REVISION, RevisedProduct } from '@bazaar/catalog/domain';
import { EventEnvelope } from '@bazaar/contracts';
import { Guard, updateOneGuarded } from '@bazaar/shared/mongo';
import { captureTraceContext } from '@bazaar/shared/observability';
import { toCatalogProduct, toProductDocument } from './product.mapper';
import { Product, ProductOutboxEntry, StockAdjustmentRecord } from './product.schema';
import { ProductWriteLock } from './product-write.lock';

const DUPLICATE_KEY = 11000;

/** How many keyed adjustments a product remembers: a retry is recognised while its key is among them. */
export const STOCK_ADJUSTMENTS_KEPT = 100;

export type StockAdjustmentOutcome =
  | { outcome: 'APPLIED' | 'ALREADY_APPLIED' | 'INSUFFICIENT_STOCK' }
  /** The key was used for an adjustment by another delta. */
  | { outcome: 'KEY_REUSED'; recordedDelta: number };

/** The guard of an edit made on `revision`: a product stored before revisions existed is at the first one. */
export function revisionGuard(revision: number): Guard {
  return revision === FIRST_REVISION ? { revision: { $in: [null, FIRST_REVISION] } } : { revision };
}

/**
 * Catalog administration's writes, each one single-document update of one product:
 *
 * - an edit is conditional on `{_id, categoryId, revision}` and sets the next revision, so of two
 *   editors who read the same revision exactly one writes; the other matches nothing (412);
 * - a stock adjustment is `$inc` by a delta, guarded by `stock >= -delta` when it takes: deltas
 *   commute with each other and with the saga's holds, and stock never goes below zero (what
 *   orders reserved has already left `stock`, see StockRepository).
 *
 * On MongoDB each is atomic by itself, across instances; on FerretDB they are correct within one
 * instance because every writer of a product queues on the same ProductWriteLock (see
 * updateOneGuarded).
 */
@Injectable()
export class ProductAdminRepository {
  constructor(
    @InjectModel(Product.name) private readonly products: Model<Product>,
    private readonly productLock: ProductWriteLock,
  ) {}

  async findRevised(id: string): Promise<RevisedProduct | null> {
    if (!isObjectIdOrHexString(id)) return null;
    const found = await this.products.findById(id).lean<Product>().exec();
    return found && { ...toCatalogProduct(found), revision: found.revision ?? FIRST_REVISION };
  }

  /** False when a product with this id is already there. */
  async create(product: CatalogProduct, category: Pick<CatalogCategory, 'name'>): Promise<boolean> {
    try {
      await this.products.create({ ...toProductDocument(product, category), revision: FIRST_REVISION });
      return true;
    } catch (error) {
      if ((error as { code?: number }).code === DUPLICATE_KEY) return false;
      throw error;
    }
  }

  /**
   * Writes `next` (its editable fields) as revision `revision + 1` only while the product is still
   * at `revision`; `event` goes into the product's outbox in the same update. False when another
   * edit got there first.
   */
  applyEdit(next: CatalogProduct, category: Pick<CatalogCategory, 'name'>, revision: number, event: EventEnvelope | null): Promise<boolean> {
    const { slug, name, sortName, description, price, images, attributes, keywords } = toProductDocument(next, category);
    const outbox: ProductOutboxEntry | null = event && { event: { ...event }, traceContext: captureTraceContext() };
    return this.productLock.run(next.id, () =>
      updateOneGuarded(
        this.products,
        new Types.ObjectId(next.id),
        { categoryId: next.categoryId, ...revisionGuard(revision) },
        {
          $set: { slug, name, sortName, description, price, images, attributes, keywords, revision: revision + 1, ...(outbox && { outboxPending: true }) },
          ...(outbox && { $push: { outbox } }),
        },
      ),
    );
  }

  /**
   * Adds `delta` (negative takes) to the stock, never below zero. With an idempotency key the key is
   * recorded by the same update as the `$inc`, guarded by its absence, so a retried adjustment is
   * applied once: a crash before the update leaves neither, after it both. The product keeps its
   * last STOCK_ADJUSTMENTS_KEPT keys.
   */
  async adjustStock(product: Pick<CatalogProduct, 'id' | 'categoryId'>, delta: number, idempotencyKey?: string): Promise<StockAdjustmentOutcome> {
    const _id = new Types.ObjectId(product.id);
    const enough = delta < 0 ? { stock: { $gte: -delta } } : {};
    const applied = await this.productLock.run(product.id, async () => {
      if (!idempotencyKey) return updateOneGuarded(this.products, _id, { categoryId: product.categoryId, ...enough }, { $inc: { stock: delta } });
      const record: StockAdjustmentRecord = { key: idempotencyKey, delta };
      const done = await updateOneGuarded(
        this.products,
        _id,
        { categoryId: product.categoryId, ...enough, 'stockAdjustments.key': { $ne: idempotencyKey } },
        { $inc: { stock: delta }, $push: { stockAdjustments: record } },
      );
      // One out for each one in keeps the list at its bound ($push's $slice would do it in one
      // update on MongoDB; FerretDB ignores $slice).
      if (done) await this.products.updateOne({ _id, [`stockAdjustments.${STOCK_ADJUSTMENTS_KEPT}`]: { $exists: true } }, { $pop: { stockAdjustments: -1 } }).exec();
      return done;
    });
    if (applied) return { outcome: 'APPLIED' };
    const recorded =
      idempotencyKey &&
      (await this.products.findById(_id, { stockAdjustments: 1 }).lean<Pick<Product, 'stockAdjustments'>>().exec())?.stockAdjustments?.find(({ key }) => key === idempotencyKey);
    if (!recorded) return { outcome: 'INSUFFICIENT_STOCK' };
    return recorded.delta === delta ? { outcome: 'ALREADY_APPLIED' } : { outcome: 'KEY_REUSED', recordedDelta: recorded.delta };
  }
}
