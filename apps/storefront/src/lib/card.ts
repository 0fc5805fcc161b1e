import type { CardBrand, OrderView } from '@bazaar/contracts';

const BRANDS: Record<CardBrand, string> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  discover: 'Discover',
  unknown: 'Card',
};

/** The card as the shopper may see it: "Visa •••• 4242". */
export function cardLabel({ brand, last4 }: NonNullable<OrderView['payment']>): string {
  return `${BRANDS[brand] ?? BRANDS.unknown} •••• ${last4}`;
}
