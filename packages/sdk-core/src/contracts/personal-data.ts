/**
 * Finds obvious personal data in event properties: e-mail addresses and payment card numbers
 * (13–19 digits passing the Luhn check). Returns the dotted path of the first hit, or null.
 * Identifiers go in `userId` (which the retailer controls), never in properties.
 */
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;
const CARD_CANDIDATE = /(?:\d[ -]?){13,19}/g;

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
    if (digits.length >= 13 && digits.length <= 19 && luhn(digits)) return 'card number';
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
