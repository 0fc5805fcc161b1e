import { createEvent, EventEnvelope, ProductPriceChanged } from '@bazaar/contracts';
import { PriceChange } from '@bazaar/catalog/domain';
import { CATALOG_SOURCE, contractLookup } from './stock-events';

/** The contract of an event found in a product's outbox. */
export const productEventContract = contractLookup([ProductPriceChanged]);

export const productPriceChanged = (product: { id: string; categoryId: string }, revision: number, { oldPrice, newPrice }: PriceChange): EventEnvelope =>
  createEvent(ProductPriceChanged, { productId: product.id, categoryId: product.categoryId, revision, oldPrice, newPrice }, { source: CATALOG_SOURCE });
