/**
 * Lone UTF-16 surrogates: half of a character outside the BMP (an emoji cut in two by a `slice` at a length). JSON
 * carries them (`"\ud83d"`), JavaScript strings hold them, but PostgreSQL's (and PGlite's) jsonb refuses them ("Unicode
 * low surrogate must follow a high surrogate"), so one such string in a multi-row statement fails every row of it.
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** U+FFFD, what a UTF-8 decoder writes for bytes that are not UTF-8 (a Windows-1252 `ü` in a feed read as UTF-8). */
const REPLACEMENT = /\ufffd/;

/**
 * The dotted path of the first string of a JSON-like value (a key or a value) that holds a lone surrogate, `(root)` for
 * a string at the top, or undefined when there is none.
 */
export function brokenTextField(value: unknown): string | undefined {
  return fieldMatching(value, LONE_SURROGATE);
}

/**
 * The dotted path of the first string of a JSON-like value (a key or a value) that holds U+FFFD: text that was not
 * UTF-8 where it was read (a feed saved as Windows-1252 or Latin-1), or undefined when there is none.
 */
export function undecodedTextField(value: unknown): string | undefined {
  return fieldMatching(value, REPLACEMENT);
}

function fieldMatching(value: unknown, pattern: RegExp): string | undefined {
  const path = pathMatching(value, pattern);
  return path === undefined ? undefined : path.length ? path.reverse().join('.') : '(root)';
}

/** The path (innermost first) to the first string `pattern` finds, built only when there is one. */
function pathMatching(value: unknown, pattern: RegExp): string[] | undefined {
  if (typeof value === 'string') return pattern.test(value) ? [] : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = pathMatching(value[i], pattern);
      if (found) return (found.push(String(i)), found);
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      if (pattern.test(key)) return [key];
      const found = pathMatching((value as Record<string, unknown>)[key], pattern);
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
