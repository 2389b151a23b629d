/** Prices are formatted by the web widgets' formatter, shared with email. */
export { formatPrice } from '../format/price.js';

const graphemes: ((value: string) => string[]) = typeof Intl.Segmenter === 'function'
  ? ((segmenter) => (value: string) => Array.from(segmenter.segment(value), (s) => s.segment))(new Intl.Segmenter('und', { granularity: 'grapheme' }))
  : (value) => [...value];

/**
 * Shortens text to at most `max` characters, ending with `…` when cut (on a word boundary when one is near).
 * Characters are what a reader sees (grapheme clusters): a flag, an emoji with a skin tone or a family, a letter with
 * combining accents is kept whole or left out, never cut in half.
 */
export function shorten(value: string, max: number): string {
  const chars = graphemes(value);
  if (chars.length <= max) return value;
  const kept = chars.slice(0, max - 1);
  const space = kept.lastIndexOf(' ');
  return `${kept.slice(0, space > max * 0.6 ? space : kept.length).join('').trimEnd()}…`;
}

/** Line breaks (CR, LF, NEL, the Unicode line and paragraph separators, form and vertical tab) and tabs, with the spaces around them. */
const BREAKS = /[^\S\n\v\f\r\u2028\u2029]*[\t\n\v\f\r\u0085\u2028\u2029][\s\u0085]*/g;

/**
 * Catalog text on one line: each run of line breaks and tabs becomes one space, and the ends are trimmed. For the
 * plain-text part and the preview text, where a title from a feed's multi-line cell would otherwise start lines of
 * its own (a "Shop now: <url>" line in a title reads as a link of the email).
 */
export function oneLine(value: string): string {
  return value.replace(BREAKS, ' ').trim();
}
