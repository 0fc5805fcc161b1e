import { z } from 'zod';
import { productId } from './catalog-request.schemas';

/** Large enough for any shelf, small enough that a typo of a few digits is refused. */
export const MAX_STOCK_DELTA = 1_000_000;

const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase words joined by hyphens').max(120);
const money = z.object({ amount: z.number().int().min(0).max(100_000_000), currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code') });
/** Lengths in characters (code points), as the gateway's validation counts them, not zod's UTF-16 units. */
const text = (max: number) => z.string().refine((value) => [...value].length <= max, `must be at most ${max} characters`);
const name = text(200).pipe(z.string().trim().min(1));
const attributes = z.record(z.string(), text(500)).refine((value) => Object.keys(value).length <= 50, 'at most 50 attributes');

const changes = z
  .object({
    slug: slug.optional(),
    name: name.optional(),
    description: text(5000).optional(),
    price: money.optional(),
    images: z.array(text(500).pipe(z.string().min(1))).max(20).optional(),
    attributes: attributes.optional(),
  })
  .strict();

export const getAdminProductRequest = z.object({ id: productId });

export const createProductRequest = z
  .object({
    categoryId: slug,
    slug,
    name,
    description: text(5000).default(''),
    price: money,
    images: z.array(text(500).pipe(z.string().min(1))).max(20).default([]),
    attributes: attributes.default({}),
    stock: z.number().int().min(0).max(MAX_STOCK_DELTA).default(0),
  })
  .strict();

export const updateProductRequest = z.object({ id: productId, expectedRevision: z.number().int().positive(), changes });

export const adjustStockRequest = z.object({
  id: productId,
  delta: z.number().int().min(-MAX_STOCK_DELTA).max(MAX_STOCK_DELTA),
  idempotencyKey: z.string().min(1).max(200).optional(),
});
