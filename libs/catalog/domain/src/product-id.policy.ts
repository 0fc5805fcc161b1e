import { createHash } from 'node:crypto';

/**
 * A seeded product's id is derived from its slug, so seeding again (or on another instance at the
 * same time) targets the same document: the upsert is idempotent, and since the id is part of the
 * shard key the write is routed to one shard. 24 hex digits, the shape of an ObjectId.
 */
export function productIdForSlug(slug: string): string {
  return createHash('sha256').update(`bazaar.catalog.product:${slug}`).digest('hex').slice(0, 24);
}

export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
