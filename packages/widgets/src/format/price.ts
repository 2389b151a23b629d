const formatters = new Map<string, Intl.NumberFormat>();

/**
 * Formats a price for the shopper's locale and the item's currency, e.g.
 * `formatPrice(129.5, 'EUR', 'de-DE')` → `129,50 €`. Pure (formatters are memoised); shared with the email renderer.
 * A locale written with underscores, as server templates and PHP write them (`de_DE`), is read as `de-DE`. An unknown
 * locale falls back to `en`; an invalid currency code to the bare number.
 */
export function formatPrice(amount: number, currency: string, locale = 'en'): string {
  const key = `${locale}|${currency}`;
  let format = formatters.get(key);
  if (!format) {
    try {
      format = new Intl.NumberFormat(locale.replace(/_/g, '-'), { style: 'currency', currency });
    } catch {
      try {
        format = new Intl.NumberFormat('en', { style: 'currency', currency });
      } catch {
        format = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });
      }
    }
    formatters.set(key, format);
  }
  return format.format(amount);
}
