import Redis from 'ioredis';

export type LineChangeMode = 'add' | 'set';
export type LineChangeStatus = 'OK' | 'QUANTITY_LIMIT' | 'OUT_OF_STOCK' | 'CART_FULL';

/**
 * Adds to or sets one line's quantity. Reading the line, checking the limits and writing it back
 * must be one step: with HGET + HSET from the client, two concurrent "+1" could both read 4 and
 * both write 5, and two shoppers' tabs could each pass the line-count check and overflow the cart.
 * Redis runs a script without interleaving other commands, so the checks hold under any
 * concurrency. The TTL is refreshed even when the change is rejected: the cart was used.
 *
 * KEYS[1] cart hash; ARGV: productId, mode (add|set), quantity, max line quantity, stock,
 * max lines, ttl seconds, tail of a new line (`amount|currency|addedAt`, see cart-line.codec).
 * Returns {status, quantity in the cart before, quantity requested}.
 */
export const CHANGE_LINE_LUA = `
local line = redis.call('HGET', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[7])
local current = 0
local tail = ARGV[8]
if line then
  local quantity, rest = string.match(line, '^(%d+)|(.*)$')
  current = tonumber(quantity)
  tail = rest
end
local wanted = tonumber(ARGV[3])
if ARGV[2] == 'add' then wanted = current + wanted end
if wanted > tonumber(ARGV[4]) then return {'QUANTITY_LIMIT', current, wanted} end
if wanted > tonumber(ARGV[5]) then return {'OUT_OF_STOCK', current, wanted} end
if not line and redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[6]) then return {'CART_FULL', current, wanted} end
redis.call('HSET', KEYS[1], ARGV[1], string.format('%d', wanted) .. '|' .. tail)
redis.call('EXPIRE', KEYS[1], ARGV[7])
return {'OK', current, wanted}
`;

export interface CartScripts {
  changeCartLine(
    key: string,
    productId: string,
    mode: LineChangeMode,
    quantity: number,
    maxQuantity: number,
    stock: number,
    maxLines: number,
    ttlSeconds: number,
    newLineTail: string,
  ): Promise<[LineChangeStatus, number, number]>;
}

/** defineCommand sends EVALSHA and falls back to EVAL once when Redis does not know the script yet. */
export function withCartScripts(redis: Redis): Redis & CartScripts {
  if (!('changeCartLine' in redis)) redis.defineCommand('changeCartLine', { numberOfKeys: 1, lua: CHANGE_LINE_LUA });
  return redis as Redis & CartScripts;
}
