import { Inject, Injectable } from '@nestjs/common';
import { Types } from 'mongoose';
import { CatalogChanges, CategoriesRepository, ProductAdminRepository, ProductsRepository } from '@bazaar/catalog/data-access';
import { CatalogProduct, FIRST_REVISION, isEmptyEdit, planProductEdit, RevisedProduct, toProductView } from '@bazaar/catalog/domain';
import {
  AdjustStockRequest,
  AdminProductView,
  CreateProductRequest,
  InsufficientStockDetails,
  ProductVersionConflictDetails,
  StockLevelView,
  UpdateProductRequest,
} from '@bazaar/contracts';
import { OutboxRelay } from '@bazaar/shared/messaging';
import { ServiceError } from '@bazaar/shared/rpc';
import { productPriceChanged } from './product-events';

/** The relay of the products' outbox (ProductPriceChanged); the stock outbox has its own. */
export const PRODUCT_OUTBOX_RELAY = Symbol('PRODUCT_OUTBOX_RELAY');

export const toAdminProductView = (product: RevisedProduct): AdminProductView => ({ ...toProductView(product), revision: product.revision });

/**
 * Catalog administration. Edits are optimistic: each names the revision it was made on and is
 * written only while the product is still at it (ProductAdminRepository), so two editors never
 * overwrite each other; the loser gets 412 PRODUCT_VERSION_CONFLICT with the product as it is now.
 * Stock moves by deltas, which commute: no revision needed, nothing lost.
 */
@Injectable()
export class CatalogAdminService {
  constructor(
    private readonly admin: ProductAdminRepository,
    private readonly products: ProductsRepository,
    private readonly categories: CategoriesRepository,
    private readonly changes: CatalogChanges,
    @Inject(PRODUCT_OUTBOX_RELAY) private readonly relay: Pick<OutboxRelay, 'nudge'>,
  ) {}

  async getProduct(id: string): Promise<AdminProductView> {
    return toAdminProductView(await this.existing(id));
  }

  async createProduct(request: CreateProductRequest): Promise<AdminProductView> {
    const category = await this.categories.findById(request.categoryId);
    if (!category) throw ServiceError.notFound('CATEGORY_NOT_FOUND', `No category ${request.categoryId}`);
    await this.requireFreeSlug(request.slug);
    const product: CatalogProduct = {
      id: new Types.ObjectId().toHexString(),
      slug: request.slug,
      name: request.name,
      description: request.description ?? '',
      categoryId: request.categoryId,
      price: request.price,
      images: request.images ?? [],
      attributes: request.attributes ?? {},
      stock: request.stock ?? 0,
      createdAt: new Date(),
    };
    if (!(await this.admin.create(product, category))) throw ServiceError.conflict('PRODUCT_EXISTS', `Product ${product.id} exists already`);
    await this.changes.announce({ kind: 'created', productId: product.id, categoryId: product.categoryId, slug: product.slug, revision: FIRST_REVISION, priceChanged: false });
    return toAdminProductView({ ...product, revision: FIRST_REVISION });
  }

  async updateProduct({ id, expectedRevision, changes }: UpdateProductRequest): Promise<AdminProductView> {
    const current = await this.existing(id);
    if (current.revision !== expectedRevision) throw versionConflict(current, expectedRevision);
    const edit = planProductEdit(current, changes);
    if (isEmptyEdit(edit)) return toAdminProductView(current);
    if (edit.changed.slug) await this.requireFreeSlug(edit.changed.slug, id);
    const category = (await this.categories.findById(current.categoryId)) ?? { name: current.categoryId };
    const revision = expectedRevision + 1;
    const event = edit.priceChange && productPriceChanged(current, revision, edit.priceChange);
    if (!(await this.admin.applyEdit(edit.next, category, expectedRevision, event))) {
      // Another edit was written between our read and our write: it won.
      throw versionConflict(await this.existing(id), expectedRevision);
    }
    if (event) this.relay.nudge(id);
    await this.changes.announce({
      kind: 'edited',
      productId: id,
      categoryId: current.categoryId,
      slug: edit.next.slug,
      ...(edit.changed.slug && { previousSlug: current.slug }),
      revision,
      priceChanged: edit.priceChange !== null,
    });
    return toAdminProductView(await this.existing(id));
  }

  async adjustStock({ id, delta, idempotencyKey }: AdjustStockRequest): Promise<StockLevelView> {
    const product = await this.existing(id);
    if (delta === 0) return { productId: id, stock: product.stock };
    const result = await this.admin.adjustStock(product, delta, idempotencyKey);
    if (result.outcome === 'KEY_REUSED') {
      throw ServiceError.conflict('IDEMPOTENCY_KEY_REUSED', `Idempotency-Key ${idempotencyKey} was used for an adjustment of ${result.recordedDelta} to product ${id}, not ${delta}: use a new key for a new adjustment`);
    }
    if (result.outcome === 'INSUFFICIENT_STOCK') {
      const { stock } = await this.existing(id);
      const details: InsufficientStockDetails = { productId: id, delta, available: stock };
      throw ServiceError.conflict(
        'INSUFFICIENT_STOCK',
        `Cannot take ${-delta} of product ${id}: only ${stock} in stock (what pending orders reserved is already taken out)`,
        { ...details },
      );
    }
    const after = await this.existing(id);
    // Also for a retry: the first attempt may have stopped between its write and this announcement.
    await this.changes.announce({ kind: 'stock-adjusted', productId: id, categoryId: after.categoryId, slug: after.slug, revision: after.revision, priceChanged: false });
    return { productId: id, stock: after.stock };
  }

  private async existing(id: string): Promise<RevisedProduct> {
    const product = await this.admin.findRevised(id);
    if (!product) throw ServiceError.notFound('PRODUCT_NOT_FOUND', `No product ${id}`);
    return product;
  }

  /** Best effort: a sharded collection cannot make slugs unique (see deploy/mongo/README.md), so two creations racing for one slug can both pass. */
  private async requireFreeSlug(slug: string, exceptId?: string): Promise<void> {
    const holder = await this.products.findBySlug(slug);
    if (holder && holder.id !== exceptId) throw ServiceError.conflict('SLUG_TAKEN', `The slug ${slug} is taken by product ${holder.id}`);
  }
}

function versionConflict(current: RevisedProduct, expectedRevision: number): ServiceError {
  const details: ProductVersionConflictDetails = { currentRevision: current.revision, current: toAdminProductView(current) };
  return new ServiceError(
    412,
    'PRODUCT_VERSION_CONFLICT',
    `Product ${current.id} is at revision ${current.revision}, not ${expectedRevision}: read it again, reapply your change and send If-Match with the new revision`,
    undefined,
    { ...details },
  );
}
