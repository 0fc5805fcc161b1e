import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { isObjectIdOrHexString, Model, Types } from 'mongoose';
import { CatalogCategory, CatalogProduct, FIRST_REVISION, RevisedProduct } from '@bazaar/catalog/domain';
import { EventEnvelope } from '@bazaar/contracts';
import { Guard, updateOneGuarded } from '@bazaar/shared/mongo';
import { captureTraceContext } from '@bazaar/shared/observability';
import { toCatalogProduct, toProductDocument } from './product.mapper';
import { Product, ProductOutboxEntry } from './product.schema';
import { ProductWriteLock } from './product-write.lock';

const DUPLICATE_KEY = 11000;

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

  /** Adds `delta` (negative takes) to the stock; false when taking would leave less than zero. */
  adjustStock(product: Pick<CatalogProduct, 'id' | 'categoryId'>, delta: number): Promise<boolean> {
    const enough = delta < 0 ? { stock: { $gte: -delta } } : {};
    return this.productLock.run(product.id, () =>
      updateOneGuarded(this.products, new Types.ObjectId(product.id), { categoryId: product.categoryId, ...enough }, { $inc: { stock: delta } }),
    );
  }
}
