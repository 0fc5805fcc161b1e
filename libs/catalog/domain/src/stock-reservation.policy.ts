/** One product and quantity of an order, as catalog reserves it. */
export interface ReservationLine {
  productId: string;
  quantity: number;
}

/** A line catalog could not reserve, with the stock it saw. */
export interface UnavailableLine {
  productId: string;
  requested: number;
  available: number;
}

/**
 * One line per product, quantities summed, in the order products first appear: two lines of the
 * same product are reserved (and released) as one, so "never below zero" is checked on the total.
 */
export function mergeReservationLines(lines: readonly ReservationLine[]): ReservationLine[] {
  const merged = new Map<string, number>();
  for (const { productId, quantity } of lines) merged.set(productId, (merged.get(productId) ?? 0) + quantity);
  return [...merged].map(([productId, quantity]) => ({ productId, quantity }));
}

/** The lines whose requested quantity exceeds what is available (an unknown product has 0). */
export function shortLines(lines: readonly ReservationLine[], available: ReadonlyMap<string, number>): UnavailableLine[] {
  return lines
    .map(({ productId, quantity }) => ({ productId, requested: quantity, available: Math.max(0, available.get(productId) ?? 0) }))
    .filter(({ requested, available: stock }) => stock < requested);
}

/** "Not enough stock for Mug (requested 3, available 1); Tea (requested 2, available 0)": names are ids when unknown. */
export function rejectionReason(unavailable: readonly UnavailableLine[], names: ReadonlyMap<string, string> = new Map()): string {
  if (unavailable.length === 0) return 'Not enough stock';
  const parts = unavailable.map(({ productId, requested, available }) => `${names.get(productId) ?? productId} (requested ${requested}, available ${available})`);
  return `Not enough stock for ${parts.join('; ')}`;
}
