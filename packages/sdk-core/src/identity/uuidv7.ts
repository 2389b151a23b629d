let lastMs = -1;
let seq = 0;
/** Random bytes drawn 64 ids at a time (one `getRandomValues` call and one allocation per 64 ids, not per id). */
let pool = new Uint8Array(0);
let used = 0;

/**
 * An RFC 9562 UUIDv7 (48-bit Unix ms timestamp, version 7, 12-bit `rand_a`, variant 10, 62 random bits) from
 * `crypto.getRandomValues`. Ids made in the same millisecond stay in creation order: `rand_a` holds a counter that
 * starts at a random value below 2048 each new millisecond (and borrows the next millisecond if it overflows).
 *
 * @example uuidv7() // '019ab3c4-5d6e-7f01-8a2b-3c4d5e6f7a8b'
 */
export function uuidv7(): string {
  if (used >= pool.length) {
    pool = crypto.getRandomValues(new Uint8Array(1024));
    used = 0;
  }
  const bytes = pool.subarray(used, used += 16);
  let ms = Date.now();
  if (ms > lastMs) seq = ((bytes[6] << 8) | bytes[7]) & 0x7ff;
  else if (++seq > 0xfff) (seq = 0), lastMs++;
  ms = lastMs = Math.max(ms, lastMs);
  for (let i = 5; i >= 0; i--, ms = Math.floor(ms / 256)) bytes[i] = ms % 256;
  bytes[6] = 0x70 | (seq >> 8);
  bytes[7] = seq & 0xff;
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  let id = '';
  for (let i = 0; i < 16; i++) id += (i == 4 || i == 6 || i == 8 || i == 10 ? '-' : '') + (bytes[i] + 256).toString(16).slice(1);
  return id;
}

/** A random id (anonymous ids, sessions): `crypto.randomUUID()` where available (secure contexts), else a UUIDv7. */
export const randomId = (): string => crypto.randomUUID?.() ?? uuidv7();
