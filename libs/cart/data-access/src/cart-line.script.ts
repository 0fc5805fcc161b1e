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
if not line then
  -- A new line comes after every line already there, also when both were added within the same
  -- millisecond: lines are shown in the order they were added (addedAt).
  local price, addedAt = string.match(tail, '^(.*)|(%d+)$')
  local latest = 0
  for _, value in ipairs(redis.call('HVALS', KEYS[1])) do
    local at = tonumber(string.match(value, '|(%d+)$'))
    if at and at > latest then latest = at end
  end
  if tonumber(addedAt) <= latest then tail = price .. '|' .. string.format('%d', latest + 1) end
end
redis.call('HSET', KEYS[1], ARGV[1], string.format('%d', wanted) .. '|' .. tail)
redis.call('EXPIRE', KEYS[1], ARGV[7])
return {'OK', current, wanted}
`;

export type OrderedLinesStatus = 'APPLIED' | 'DUPLICATE';

/**
 * Settles a cart after its order became final, and records the event as processed, as one step
 * (OrderConfirmed and OrderCancelled; see docs/adr/0007-cart-lifecycle-and-compensation.md).
 *
 * - The checkout lock is released if it is still this order's (a lock a later checkout took over
 *   stays).
 * - For a confirmed order only the ordered quantities are subtracted (a line left at 0 or below is
 *   deleted), so items the shopper added while the order was PENDING stay; a `DEL` would wipe
 *   them. A cancelled order passes no lines: the cart keeps them.
 * - The processed-event marker is checked and written inside the same script, so the change and
 *   its record cannot be separated by a crash: a redelivered event (same id) finds the marker and
 *   changes nothing, even when the shopper has meanwhile put the same product in the cart again.
 * - Redis does not roll a script back when it fails half-way, so every touched line is read and
 *   parsed before the first write: a malformed line aborts the script with nothing changed.
 * - The cart's TTL is left alone: this is not the shopper using the cart. An unknown or expired
 *   cart has no lines to take out; only the marker is written.
 *
 * KEYS[1] cart hash, KEYS[2] processed-event marker, KEYS[3] checkout lock; ARGV: marker value,
 * marker TTL seconds, order id, then productId, quantity pairs. Returns {status, items taken out}.
 */
export const SETTLE_ORDER_LUA = `
if redis.call('EXISTS', KEYS[2]) == 1 then return {'DUPLICATE', 0} end
local found = {}
for i = 4, #ARGV, 2 do
  local line = redis.call('HGET', KEYS[1], ARGV[i])
  if line then
    local quantity, rest = string.match(line, '^(%d+)|(.*)$')
    if not quantity then return redis.error_reply('Malformed cart line for ' .. ARGV[i]) end
    found[#found + 1] = {ARGV[i], tonumber(quantity), rest, tonumber(ARGV[i + 1])}
  end
end
local removed = 0
for _, line in ipairs(found) do
  local left = line[2] - line[4]
  if left > 0 then
    redis.call('HSET', KEYS[1], line[1], string.format('%d', left) .. '|' .. line[3])
    removed = removed + line[4]
  else
    redis.call('HDEL', KEYS[1], line[1])
    removed = removed + line[2]
  end
end
local lock = redis.call('GET', KEYS[3])
if lock and string.match(lock, '^([^|]*)|') == ARGV[3] then redis.call('DEL', KEYS[3]) end
redis.call('SET', KEYS[2], ARGV[1], 'EX', ARGV[2])
return {'APPLIED', removed}
`;

/**
 * Sets the price when added of the given lines (the shopper accepted catalog's current prices).
 * Inside one script, so the quantity and addedAt of each line are those of the moment of the
 * write: a "+1" or a removal that lands between the cart's read and this step is kept, and a line
 * removed meanwhile is not brought back. Every line is read and parsed before the first write.
 *
 * KEYS[1] cart hash; ARGV: ttl seconds, then productId, price (`amount|currency`, see
 * cart-line.codec) pairs. Returns how many lines were changed.
 */
export const ACCEPT_PRICES_LUA = `
local found = {}
for i = 2, #ARGV, 2 do
  local line = redis.call('HGET', KEYS[1], ARGV[i])
  if line then
    local quantity, addedAt = string.match(line, '^(%d+)|[^|]*|[^|]*|(%d+)$')
    if not quantity then return redis.error_reply('Malformed cart line for ' .. ARGV[i]) end
    found[#found + 1] = {ARGV[i], quantity .. '|' .. ARGV[i + 1] .. '|' .. addedAt}
  end
end
for _, line in ipairs(found) do redis.call('HSET', KEYS[1], line[1], line[2]) end
redis.call('EXPIRE', KEYS[1], ARGV[1])
return #found
`;

export type CheckoutLockStatus = 'LOCKED' | 'HELD';

/**
 * Locks a cart for checkout to one order (`orderId|lockedAtMs`), atomically: a second checkout of
 * the cart while the first order is PENDING finds the lock held by that order. The lock is taken
 * when it is free, already this order's (a retry of the same checkout), or held by `replacing` —
 * the order the caller found gone or cancelled, a compare-and-set so two checkouts cannot both
 * take it over.
 *
 * KEYS[1] checkout lock; ARGV: order id, now (ms), ttl seconds, replacing ('' for none).
 * Returns {status, holder, lockedAtMs}.
 */
export const LOCK_FOR_CHECKOUT_LUA = `
local current = redis.call('GET', KEYS[1])
if current then
  local holder, since = string.match(current, '^([^|]*)|(%d+)$')
  if holder ~= ARGV[1] and holder ~= ARGV[4] then return {'HELD', holder, since} end
  if holder == ARGV[1] then return {'LOCKED', holder, since} end
end
redis.call('SET', KEYS[1], ARGV[1] .. '|' .. ARGV[2], 'EX', ARGV[3])
return {'LOCKED', ARGV[1], ARGV[2]}
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
  settleOrder(
    cartKey: string,
    markerKey: string,
    lockKey: string,
    markerValue: string,
    markerTtlSeconds: number,
    orderId: string,
    ...productIdQuantityPairs: (string | number)[]
  ): Promise<[OrderedLinesStatus, number]>;
  lockForCheckout(lockKey: string, orderId: string, nowMs: number, ttlSeconds: number, replacing: string): Promise<[CheckoutLockStatus, string, string]>;
  acceptPrices(cartKey: string, ttlSeconds: number, ...productIdPricePairs: string[]): Promise<number>;
}

/** defineCommand sends EVALSHA and falls back to EVAL once when Redis does not know the script yet. */
export function withCartScripts(redis: Redis): Redis & CartScripts {
  if (!('changeCartLine' in redis)) redis.defineCommand('changeCartLine', { numberOfKeys: 1, lua: CHANGE_LINE_LUA });
  if (!('settleOrder' in redis)) redis.defineCommand('settleOrder', { numberOfKeys: 3, lua: SETTLE_ORDER_LUA });
  if (!('lockForCheckout' in redis)) redis.defineCommand('lockForCheckout', { numberOfKeys: 1, lua: LOCK_FOR_CHECKOUT_LUA });
  if (!('acceptPrices' in redis)) redis.defineCommand('acceptPrices', { numberOfKeys: 1, lua: ACCEPT_PRICES_LUA });
  return redis as Redis & CartScripts;
}
