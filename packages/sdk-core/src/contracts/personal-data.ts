/**
 * Finds obvious personal data in event properties: e-mail addresses and payment card numbers. Returns the dotted
 * path of the first hit, or null. Identifiers go in `userId` (which the retailer controls), never in properties.
 *
 * A card number is 14–19 digits standing alone in the text (plain, or grouped by single spaces or hyphens, as people
 * type them) that start like a card of a major network and pass the Luhn check. Digits that are part of a longer
 * code are not: a UUID's last groups (`…-9645-717530103441`), a 20-digit order number, `o-4111…`, and barcodes
 * (EAN-13, GTIN-14: too short or no card prefix) pass, as one such order id in ten did before with Luhn alone.
 */
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;
/** Digit groups not glued to a letter, a digit or a hyphenated neighbour. */
const CARD_CANDIDATE = /(?<!\w|\w-)\d(?:[ -]?\d){13,18}(?!\w|-\w)/g;
/** Visa, Mastercard, American Express, Diners, JCB, Discover/UnionPay/Maestro: first digits and length. */
const CARD_NETWORK = /^(?:4\d{15}(?:\d{3})?|(?:5[1-5]|2[2-7])\d{14}|3[47]\d{13}|3[0689]\d{12,17}|35\d{14,17}|6\d{15,18})$/;

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** What kind of personal data a string holds, if any. */
export function personalDataKind(text: string): 'email address' | 'card number' | null {
  if (EMAIL.test(text)) return 'email address';
  for (const match of text.match(CARD_CANDIDATE) ?? []) {
    const digits = match.replace(/[ -]/g, '');
    if (CARD_NETWORK.test(digits) && luhn(digits)) return 'card number';
  }
  return null;
}

/** The first string inside `value` that holds personal data, with its path. */
export function findPersonalData(value: unknown, path = ''): { field: string; kind: string } | null {
  if (typeof value === 'string') {
    const kind = personalDataKind(value);
    return kind ? { field: path || '(root)', kind } : null;
  }
  if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const hit = findPersonalData(child, path ? `${path}.${key}` : key);
      if (hit) return hit;
    }
  }
  return null;
}
