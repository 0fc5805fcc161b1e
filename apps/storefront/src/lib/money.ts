import type { Money } from '@bazaar/contracts';

const formatters = new Map<string, Intl.NumberFormat>();

function currencyFormatter(currency: string, locale?: string): Intl.NumberFormat {
  const key = `${locale ?? ''}|${currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, { style: 'currency', currency });
    formatters.set(key, formatter);
  }
  return formatter;
}

/**
 * "€12.50" in en-US, "12,50 €" in de-DE. Amounts are integer minor units, and a currency's minor
 * unit is not always a hundredth (JPY has none), so the divisor comes from the currency itself.
 */
export function formatMoney({ amount, currency }: Money, locale?: string): string {
  const formatter = currencyFormatter(currency, locale);
  const fractionDigits = formatter.resolvedOptions().maximumFractionDigits ?? 2;
  return formatter.format(amount / 10 ** fractionDigits);
}
