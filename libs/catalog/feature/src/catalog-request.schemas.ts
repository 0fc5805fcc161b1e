import { z } from 'zod';
import { MAX_SEARCH_QUERY_LENGTH, MAX_SNAPSHOT_IDS } from '@bazaar/catalog/domain';
import { MAX_PAGE_SIZE, PRODUCT_SORTS } from '@bazaar/contracts';

export const productId = z
  .string()
  .regex(/^[0-9a-fA-F]{24}$/, 'must be a product id (24 hex digits)')
  .transform((id) => id.toLowerCase());
const limit = z.number().int().min(1).max(MAX_PAGE_SIZE);
/** Only the outer shape here; what is inside is checked by decodeCursor and answered with INVALID_CURSOR. */
const cursor = z.string().max(1024).optional();

export const listProductsRequest = z.object({
  categoryId: z.string().min(1).max(100),
  sort: z.enum(PRODUCT_SORTS),
  limit,
  cursor,
});

export const searchProductsRequest = z.object({
  query: z.string().trim().min(1).max(MAX_SEARCH_QUERY_LENGTH),
  limit,
  cursor,
});

export const getProductRequest = z.object({ id: productId });

export const getProductBySlugRequest = z.object({ slug: z.string().min(1).max(200) });

/** Any strings: an id that is malformed names no product, so like an unknown one it is simply absent. */
export const getProductSnapshotsRequest = z.object({ ids: z.array(z.string().max(100)).max(MAX_SNAPSHOT_IDS) });
