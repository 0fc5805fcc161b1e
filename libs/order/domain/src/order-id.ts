import { createHash } from 'node:crypto';

/**
 * The id of the order a checkout of `cartId` with an Idempotency-Key places: a UUID (RFC 9562
 * version 8, "custom") made of the SHA-256 of both. The same cart and key always name the same
 * order, so a repeated checkout finds it by primary key, and two racing ones collide on the primary
 * key's uniqueness — no second unique index, which FerretDB could only answer by scanning. The key
 * is scoped to the cart: two shoppers who happen to send the same key place two orders, and neither
 * learns that the other used it.
 */
export function orderIdFor(cartId: string, idempotencyKey: string): string {
  // Cart ids (UUIDs the gateway issues) and keys ([A-Za-z0-9_-]) hold no ':', so no other pair hashes the same text.
  const bytes = createHash('sha256').update(`bazaar-order:${cartId}:${idempotencyKey}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x80;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
