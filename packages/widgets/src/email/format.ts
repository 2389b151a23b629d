/**
 * Formats a price for the email, e.g. `formatPrice(129.5, 'EUR', 'de-DE')` → `129,50 €`.
 * Pure; written here because the web widgets' shared formatter did not exist yet when email was built.
 */
export function formatPrice(amount: number, currency: string, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount);
}

/** Shortens text to at most `max` characters, ending with `…` when cut (on a word boundary when one is near). */
export function shorten(value: string, max: number): string {
  const chars = [...value];
  if (chars.length <= max) return value;
  const cut = chars.slice(0, max - 1).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
