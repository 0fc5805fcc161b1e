import type { Money } from '@bazaar/contracts';
import type { StoredCartLine } from '@bazaar/cart/domain';

/**
 * One hash field per line: field = product id, value = `<quantity>|<amount>|<currency>|<addedAt>`.
 * The quantity comes first because the Lua scripts change it in place and keep the rest verbatim,
 * so quantity and price-when-added can never be written apart. Product ids cannot contain `|`
 * (see productIdSchema) and currencies are ISO codes.
 */
export function encodeLineTail(priceWhenAdded: Money, addedAt: number): string {
  return `${encodePrice(priceWhenAdded)}|${addedAt}`;
}

/** The price-when-added part of a line value (`<amount>|<currency>`), which ACCEPT_PRICES_LUA swaps in place. */
export function encodePrice({ amount, currency }: Money): string {
  return `${amount}|${currency}`;
}

export function decodeLine(productId: string, value: string): StoredCartLine {
  const match = /^(\d+)\|(-?\d+)\|([A-Z]{3})\|(\d+)$/.exec(value);
  if (!match) throw new Error(`Malformed cart line for ${productId}: ${JSON.stringify(value)}`);
  const [, quantity, amount, currency, addedAt] = match;
  return { productId, quantity: Number(quantity), priceWhenAdded: { amount: Number(amount), currency }, addedAt: Number(addedAt) };
}
