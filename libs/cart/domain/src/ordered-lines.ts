/** One product and how many of it an order took out of the cart. */
export interface OrderedQuantity {
  productId: string;
  quantity: number;
}

/**
 * What an OrderPlaced takes out of its cart: the order's lines summed per product (a product listed
 * twice is taken out twice), in the order the products first appear. Removing exactly these
 * quantities, instead of the whole cart, leaves what the shopper added after the checkout.
 */
export function orderedQuantities(lines: readonly OrderedQuantity[]): OrderedQuantity[] {
  const totals = new Map<string, number>();
  for (const { productId, quantity } of lines) {
    if (!Number.isSafeInteger(quantity) || quantity <= 0) throw new RangeError(`Ordered quantity of ${productId} must be a positive integer, got ${quantity}`);
    totals.set(productId, (totals.get(productId) ?? 0) + quantity);
  }
  return [...totals].map(([productId, quantity]) => ({ productId, quantity }));
}
