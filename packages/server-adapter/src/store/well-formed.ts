/**
 * Lone UTF-16 surrogates: half of a character outside the BMP (an emoji cut in two by a `slice` at a length). JSON
 * carries them (`"\ud83d"`), JavaScript strings hold them, but PostgreSQL's (and PGlite's) jsonb refuses them ("Unicode
 * low surrogate must follow a high surrogate"), so one such string in a multi-row statement fails every row of it.
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * The dotted path of the first string of a JSON-like value (a key or a value) that holds a lone surrogate, `(root)` for
 * a string at the top, or undefined when there is none.
 */
export function brokenTextField(value: unknown): string | undefined {
  const path = brokenPath(value);
  return path === undefined ? undefined : path.length ? path.reverse().join('.') : '(root)';
}

/** The path (innermost first) to the first broken string, built only when there is one. */
function brokenPath(value: unknown): string[] | undefined {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? [] : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = brokenPath(value[i]);
      if (found) return (found.push(String(i)), found);
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      if (LONE_SURROGATE.test(key)) return [key];
      const found = brokenPath((value as Record<string, unknown>)[key]);
      if (found) return (found.push(key), found);
    }
  }
  return undefined;
}

/**
 * Whether a JSON text as `JSON.stringify` writes it may hold a lone surrogate: it writes those, and no other character
 * of that range, as `\udXXX` escapes.
 */
export function mayHoldLoneSurrogate(json: string): boolean {
  return /\\u[dD][89a-fA-F]/.test(json);
}

/** A `\udXXX` escape (one not itself escaped: preceded by an even number of backslashes). */
const ESCAPED_SURROGATE = /(?<!\\)((?:\\\\)*)\\u[dD][89a-fA-F][0-9a-fA-F]{2}/g;

/**
 * A JSON text as `JSON.stringify` writes it, with each lone surrogate written as U+FFFD instead, as a UTF-8 encoder
 * writes it. Text rather than a walk over the value: `JSON.parse` reads any depth, where a recursive walk of an event
 * nested a few thousand levels deep overflowed the stack.
 */
export function wellFormedJson(json: string): string {
  return json.replace(ESCAPED_SURROGATE, '$1\\ufffd');
}
