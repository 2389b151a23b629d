/** Prices are formatted by the web widgets' formatter, shared with email. */
export { formatPrice } from '../format/price.js';

/** Shortens text to at most `max` characters, ending with `…` when cut (on a word boundary when one is near). */
export function shorten(value: string, max: number): string {
  const chars = [...value];
  if (chars.length <= max) return value;
  const cut = chars.slice(0, max - 1).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
