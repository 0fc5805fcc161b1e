import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { isObjectIdOrHexString, Model, Types } from 'mongoose';
import { findOneGuarded, updateOneById, updateOneGuarded } from '@bazaar/shared/mongo';
import { Product } from './product.schema';
import { ProductWriteLock } from './product-write.lock';

/** What a reservation needs to know of a product. */
export interface StockLevel {
  id: string;
  categoryId: string;
  name: string;
  stock: number;
}

/**
 * Stock changes for the checkout saga, each one conditional single-document update of one product.
 *
 * On MongoDB, `{_id, stock: {$gte: qty}}` + `$inc: {stock: -qty}` is atomic by itself: no lock is
 * needed, also across instances. FerretDB 1.24 (SQLite), which the tests use, loses concurrent
 * updates of one document and lets a conditional update "succeed" twice, so the updates of one
 * product from this process run one at a time (and are guarded in-process, see updateOneGuarded).
 * That keeps one catalog instance correct on FerretDB; several instances need real MongoDB.
 *
 * Every guard carries the shard key's categoryId, so on a sharded cluster each update targets one
 * shard.
 */
@Injectable()
export class StockRepository {
  constructor(
    @InjectModel(Product.name) private readonly products: Model<Product>,
    private readonly productLock: ProductWriteLock,
  ) {}

  /** Unknown and malformed ids are absent from the result. One lookup by `_id` each (see ProductsRepository.findByIds). */
  async levels(ids: string[]): Promise<Map<string, StockLevel>> {
    const objectIds = [...new Set(ids)].filter((id) => isObjectIdOrHexString(id)).map((id) => new Types.ObjectId(id));
    const found = await Promise.all(
      objectIds.map((_id) => this.products.findById(_id, { categoryId: 1, name: 1, stock: 1 }).lean<Pick<Product, '_id' | 'categoryId' | 'name' | 'stock'>>().exec()),
    );
    return new Map(
      found.filter((product) => product !== null).map(({ _id, categoryId, name, stock }) => [_id.toHexString(), { id: _id.toHexString(), categoryId, name, stock }]),
    );
  }

  /**
   * Takes `quantity`, never below zero, and marks the product with `mark` (the claim's document id:
   * the order for a reservation) in the same update. `held` also when an earlier attempt under this
   * mark already took it (the mark says so), which makes a replay after a crash or a takeover take
   * nothing twice; `short` when the stock is not there.
   */
  hold(product: Pick<StockLevel, 'id' | 'categoryId'>, mark: string, quantity: number): Promise<'held' | 'short'> {
    return this.productLock.run(product.id, () => this.holdLocked(product, mark, quantity));
  }

  private async holdLocked(product: Pick<StockLevel, 'id' | 'categoryId'>, mark: string, quantity: number, readUnderLock?: object): Promise<'held' | 'short'> {
    if (await this.moveOnce(product, mark, -quantity, readUnderLock)) return 'held';
    const alreadyHeld = await findOneGuarded(this.products, new Types.ObjectId(product.id), { categoryId: product.categoryId, stockHolds: mark }, { _id: 1 });
    return alreadyHeld ? 'held' : 'short';
  }

  /**
   * hold() of a product known by id only: reads it under its lock first (its shard key is needed
   * on MongoDB), and on FerretDB that read is also the hold's guard, read no second time. Null
   * when there is no such product.
   */
  holdById(productId: string, mark: string, quantity: number): Promise<{ product: StockLevel; held: 'held' | 'short' } | null> {
    if (!isObjectIdOrHexString(productId)) return Promise.resolve(null);
    return this.productLock.run(productId, async () => {
      type Read = Pick<Product, '_id' | 'categoryId' | 'name' | 'stock' | 'stockHolds'>;
      const read = await this.products.findById(new Types.ObjectId(productId), { categoryId: 1, name: 1, stock: 1, stockHolds: 1 }).lean<Read>().exec();
      if (!read) return null;
      const product = { id: productId, categoryId: read.categoryId, name: read.name, stock: read.stock };
      return { product, held: await this.holdLocked(product, mark, quantity, read) };
    });
  }

  /** Puts `quantity` back on the shelf once under `mark` (a release's document id): a replay gives back nothing twice. */
  giveBack(product: Pick<StockLevel, 'id' | 'categoryId'>, mark: string, quantity: number): Promise<void> {
    return this.productLock.run(product.id, async () => void (await this.moveOnce(product, mark, quantity)));
  }

  /** Undoes a hold, only if `mark` still holds it: releasing twice gives back once. */
  release(product: Pick<StockLevel, 'id' | 'categoryId'>, mark: string, quantity: number): Promise<void> {
    return this.productLock.run(product.id, async () => {
      await updateOneGuarded(
        this.products,
        new Types.ObjectId(product.id),
        { categoryId: product.categoryId, stockHolds: mark },
        { $inc: { stock: quantity }, $pull: { stockHolds: mark } },
      );
    });
  }

  /**
   * Drops the mark once its outcome is stored (the reservation document is the proof from then on).
   * A `$pull` of a mark that is not there changes nothing, so it needs no guard read.
   */
  forgetHold(product: Pick<StockLevel, 'id' | 'categoryId'>, mark: string): Promise<void> {
    return this.productLock.run(product.id, async () => {
      await updateOneById(this.products, new Types.ObjectId(product.id), { categoryId: product.categoryId }, { $pull: { stockHolds: mark } });
    });
  }

  private moveOnce(product: Pick<StockLevel, 'id' | 'categoryId'>, mark: string, delta: number, readUnderLock?: object): Promise<boolean> {
    const enough = delta < 0 ? { stock: { $gte: -delta } } : {};
    return updateOneGuarded(
      this.products,
      new Types.ObjectId(product.id),
      { categoryId: product.categoryId, ...enough, stockHolds: { $ne: mark } },
      { $inc: { stock: delta }, $push: { stockHolds: mark } },
      { readUnderLock },
    );
  }
}
