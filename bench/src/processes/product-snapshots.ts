import { Collection, ObjectId } from 'mongodb';
import { toProductSnapshot } from '@bazaar/catalog/domain';
import type { ProductSnapshot } from '@bazaar/contracts';
import { ProductDocument, toCatalogProduct } from './product-document';

/** The products' snapshots as catalog answers them to cart, read with the bare driver. */
export async function readSnapshots(products: Collection<ProductDocument>, ids: readonly string[]): Promise<ProductSnapshot[]> {
  return (await products.find({ _id: { $in: ids.map((id) => new ObjectId(id)) } }).toArray()).map((document) => toProductSnapshot(toCatalogProduct(document)));
}
