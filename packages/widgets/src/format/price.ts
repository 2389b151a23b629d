const formatters = new Map<string, Intl.NumberFormat>();

/**
 * Formats a price for the shopper's locale and the item's currency, e.g.
 * `formatPrice(129.5, 'EUR', 'de-DE')` → `129,50 €`. Pure (formatters are memoised); shared with the email renderer.
 * An unknown locale falls back to `en`; an invalid currency code to the bare number.
 */
export function formatPrice(amount: number, currency: string, locale = 'en'): string {
  const key = `${locale}|${currency}`;
  const make = (l: string, options: Intl.NumberFormatOptions) => {
    try {
      return new Intl.NumberFormat(l, options);
    } catch {
      return undefined;
    }
  };
  const currencyFormat = { style: 'currency', currency } as const;
  if (!formatters.has(key)) formatters.set(key, make(locale, currencyFormat) ?? make('en', currencyFormat) ?? new Intl.NumberFormat('en', { maximumFractionDigits: 2 }));
  return formatters.get(key)!.format(amount);
}
