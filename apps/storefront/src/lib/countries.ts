/** Where the demo store ships; names come from the browser in the shopper's language. */
const SHIPPING_COUNTRIES = [
  'AT',
  'AU',
  'BE',
  'BR',
  'CA',
  'CH',
  'CZ',
  'DE',
  'DK',
  'ES',
  'FI',
  'FR',
  'GB',
  'GR',
  'IE',
  'IN',
  'IT',
  'JP',
  'MX',
  'NL',
  'NO',
  'NZ',
  'PL',
  'PT',
  'SE',
  'SG',
  'US',
  'ZA',
];

export function shippingCountries(locale?: string): { code: string; name: string }[] {
  const names = new Intl.DisplayNames(locale ? [locale] : undefined, {
    type: 'region',
  });
  return SHIPPING_COUNTRIES.map((code) => ({
    code,
    name: names.of(code) ?? code,
  })).sort((a, b) => a.name.localeCompare(b.name, locale));
}
